#!/usr/bin/env bash
# Golden test: the native program and the same program built to WebAssembly (run by Node) give
# byte-identical outputs for every example, and for generated tables, in every format.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
native=$root/build/kenko
wasm=("$root/scripts/kenko-wasm")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

compare() {  # compare NAME ARGS...: runs both with ARGS, compares stdout, stderr and exit code
  local name=$1
  shift
  "$native" "$@" >"$tmp/n.out" 2>"$tmp/n.err"
  local ne=$?
  "${wasm[@]}" "$@" >"$tmp/w.out" 2>"$tmp/w.err"
  local we=$?
  if [ "$ne" = "$we" ] && cmp -s "$tmp/n.out" "$tmp/w.out" && cmp -s "$tmp/n.err" "$tmp/w.err"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $name: exit $ne vs $we"
    diff <(head -c 100000 "$tmp/n.out") <(head -c 100000 "$tmp/w.out") | head -5
    diff "$tmp/n.err" "$tmp/w.err" | head -5
  fi
}

# Generated tables: the generator itself must agree too.
compare "generate" generate --rows 3000 --seed 11
cp "$tmp/n.out" "$tmp/gen.csv"
compare "generate ja crlf" generate --rows 500 --seed 5 --lang ja --crlf

cd "$root/examples"
for pair in "seed-points.json customers-1000.csv" "dear.json customers-1000.csv" \
            "dear-ja.json customers-ja-sjis.csv" "dear.json $tmp/gen.csv"; do
  set -- $pair
  compare "score $1 $2" score --model "$1" "$2"
  compare "score json $1 $2" score --model "$1" "$2" --format json
  compare "summary $1 $2" summary --model "$1" "$2"
  compare "validate $1 $2" validate --model "$1" "$2"
done
for model in seed-points.json dear.json; do
  compare "validate json $model" validate --model "$model" customers-1000.csv --format json
  compare "fit $model" fit --model "$model" customers-1000.csv
done
compare "generate month earlier" generate --rows 1000 --seed 42 --month-earlier
compare "score previous" score --model dear.json customers-1000.csv --previous customers-1000-previous.csv
compare "score previous json" score --model dear.json customers-1000.csv --format json \
  --previous customers-1000-previous.csv
for id in C000001 C000002 C000017 C000500 C000999; do
  compare "explain $id" explain --model dear.json customers-1000.csv --id "$id" --format json
  compare "explain seed $id" explain --model seed-points.json customers-1000.csv --id "$id"
done
compare "score full precision" score --model dear.json customers-1000.csv --full-precision \
  --previous customers-1000-previous.csv
for dialect in duckdb postgres sqlite; do
  compare "sql $dialect" sql --model dear-ja.json --table 顧客 --dialect "$dialect"
  compare "sql $dialect previous" sql --model dear.json --table c --previous-table p \
    --dialect "$dialect" --full-precision
done
compare "sql load script" sql --model dear.json --table c --dialect sqlite --load-script "$tmp/gen.csv"
# Fitting with constraints (Hildreth-solved Newton steps): the same bits natively and in WASM.
compare "fit constrained" fit --model dear.json customers-1000.csv --lock nps --min-share engagement=40 \
  --max-share roi=15 --min-indicator-share key_feature=5
compare "fit constrained seed" fit --model seed-points.json customers-1000.csv --min-indicator-share logins=10
# History over snapshots (the current table last; the previous one dated by its name).
cp customers-1000-previous.csv "$tmp/customers-2024-01.csv"
cp customers-1000.csv "$tmp/customers-2024-02.csv"
compare "history" history --model dear.json "$tmp/customers-2024-01.csv" "$tmp/customers-2024-02.csv"
compare "history json" history --model dear.json "$tmp/customers-2024-02.csv" "$tmp/customers-2024-01.csv" \
  --format json --streak 1 --min-drop 2
compare "check-model" check-model dear.json
compare "bad table" score --model dear.json "$root/tests/cli_test.sh"
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
