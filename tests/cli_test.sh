#!/usr/bin/env bash
# The kenko program's interface: outputs, messages on stderr and exit codes.
# Usage: tests/cli_test.sh path/to/kenko
set -uo pipefail
kenko=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect EXIT CMD...: runs CMD, keeps stdout in out.txt and stderr in err.txt.
expect() {
  local want=$1
  shift
  "$@" >out.txt 2>err.txt
  local got=$?
  if [ "$got" = "$want" ]; then ok; else bad "exit $got, wanted $want: $* ($(head -c 300 err.txt))"; fi
}
has() { if grep -qF -- "$2" "$1"; then ok; else bad "$1 lacks '$2': $(head -c 300 "$1")"; fi; }
lines() { if [ "$(wc -l <"$1")" = "$2" ]; then ok; else bad "$1 has $(wc -l <"$1") lines, wanted $2"; fi; }

cat >model.json <<'JSON'
{"version": 1, "id_column": "id",
 "indicators": [
   {"id": "logins", "column": "logins", "rule": {"type": "bands", "bands": [{"min": 1, "points": 20}, {"min": 0.5, "points": 10}, {"points": 0}]}},
   {"id": "nps", "column": "nps", "rule": {"type": "linear", "from": 0, "to": 10, "points": 80}}],
 "outcome": {"column": "churned", "positive": ["1"]}}
JSON
printf 'id,logins,nps,churned\na,1.5,9,0\nb,0.6,x,1\nc,0.1,2,1\nd,2,10,0\n' >data.csv

expect 0 "$kenko" score --model model.json data.csv
lines out.txt 5
has out.txt "id,score,segment,coverage,ind.logins,ind.nps,drivers,alerts"
has out.txt "a,92.00,green,1.00,100.00,90.00,nps,"
has out.txt "c,16.00,red,1.00,0.00,20.00,nps;logins,"
has out.txt "b,50.00,yellow,0.20,50.00,,logins,"
has err.txt "column 'nps': cells that are not numbers (treated as missing): 1 (row 3)"

# Weight fitting on the generated example.
expect 0 "$kenko" fit --model "$root/examples/dear.json" "$root/examples/customers-1000.csv" -o fitted.json
has out.txt "heldout_auc_before 0."
has out.txt "heldout_auc_after 0."
has out.txt "folds 5 customers 1000 positive 150"
has out.txt "indicator logins 3 -> "
expect 0 "$kenko" validate --model fitted.json "$root/examples/customers-1000.csv"
expect 2 "$kenko" fit --model model.json data.csv --folds 1
expect 1 "$kenko" fit --model model.json data.csv
has err.txt "at least 5 customers of each outcome"

# Thresholds learnt from healthy customers.
expect 0 "$kenko" learn-bands --model "$root/examples/dear.json" "$root/examples/customers-1000.csv" --indicator logins
has out.txt '{"type":"bands","bands":[{"min":0.78,"points":100.0},'
has out.txt "healthy 850 with a value 837"
expect 0 "$kenko" learn-bands --model "$root/examples/dear.json" "$root/examples/customers-1000.csv" --indicator logins --healthy plan=Enterprise
has out.txt "healthy 1"
expect 1 "$kenko" learn-bands --model "$root/examples/dear.json" "$root/examples/customers-1000.csv" --indicator nps
has err.txt "only bands and linear rules have thresholds to learn"
expect 1 "$kenko" learn-bands --model "$root/examples/dear.json" "$root/examples/customers-1000.csv" --indicator nope
has err.txt "no indicator 'nope'"
expect 2 "$kenko" learn-bands --model "$root/examples/dear.json" "$root/examples/customers-1000.csv" --indicator logins --healthy plan
expect 2 "$kenko" learn-bands --model "$root/examples/dear.json" "$root/examples/customers-1000.csv"

# One customer explained, and what would lift it.
expect 0 "$kenko" explain --model "$root/examples/seed-points.json" "$root/examples/customers-1000.csv" --id C000003
has out.txt "customer C000003"
has out.txt "indicator value points subscore share contribution"
has out.txt "→ yellow (Watch): score 39 → 41"
expect 0 "$kenko" explain --model "$root/examples/dear.json" "$root/examples/customers-1000.csv" --id C000001 --format json
has out.txt '{"customer":{"row":0,"fileRow":2,"id":"C000001"'
has out.txt '"improvement":{"found":true'
expect 1 "$kenko" explain --model "$root/examples/dear.json" "$root/examples/customers-1000.csv" --id NOPE
has err.txt "no customer with the id 'NOPE'"
expect 2 "$kenko" explain --model "$root/examples/dear.json" "$root/examples/customers-1000.csv"

# Trends against a previous snapshot.
printf 'id,logins,nps,churned\nd,2,10,0\na,2,10,0\nz,1,1,0\n' >prev.csv
expect 0 "$kenko" score --model model.json data.csv --previous prev.csv
has out.txt "id,score,segment,coverage,ind.logins,ind.nps,drivers,alerts,score_prev,score_change,segment_prev,change_driver"
has out.txt "a,92.00,green,1.00,100.00,90.00,nps,,100.00,-8.00,green,nps"
has out.txt "c,16.00,red,1.00,0.00,20.00,nps;logins,,,,,"
expect 0 "$kenko" score --model model.json data.csv --previous prev.csv --format json
has out.txt '"score_prev":100,"score_change":-8,"segment_prev":"green","change_driver":"nps","deteriorating":false'
printf 'id,logins,nps,churned\na,2,10,0\na,1,1,0\n' >dup.csv
expect 1 "$kenko" score --model model.json data.csv --previous dup.csv
has err.txt "joining data.csv with dup.csv: the previous table has the id 'a' twice (rows 2 and 3)"
expect 1 "$kenko" score --model model.json data.csv --previous missing.csv
has err.txt "missing.csv"

expect 0 "$kenko" score --model model.json data.csv -o scored.csv --format json
if [ -s out.txt ]; then bad "-o still wrote to stdout"; else ok; fi
has scored.csv '"id":"a","score":92,"segment":"green"'

expect 0 "$kenko" validate --model model.json data.csv
if [ "$(head -n 1 out.txt)" = "auc 1" ]; then ok; else bad "validate first line: $(head -n 1 out.txt)"; fi
has out.txt 'decile customers positive rate lift min_score max_score'
has out.txt 'indicator auc missing_rate'
expect 0 "$kenko" validate --model model.json data.csv --format json
has out.txt '{"auc":1.0,"positive":2,"negative":2,"excluded":0,'
has out.txt '"roc":[[0.0,0.0,'
expect 2 "$kenko" validate --model model.json data.csv --format csv

expect 0 "$kenko" summary --model model.json data.csv
has out.txt "customers  4 (4 scored, 0 unscored)"
has out.txt "auc        1"

expect 0 "$kenko" check-model model.json
has out.txt "valid: 2 indicators"

# Bad models: one line per problem, naming the JSON path; exit 1.
sed 's/"rule": {"type": "linear"/"rulle": {"type": "linear"/' model.json >typo.json
expect 1 "$kenko" score --model typo.json data.csv
has err.txt "typo.json: indicators[1].rulle: unknown key 'rulle' (did you mean 'rule'?)"
expect 1 "$kenko" check-model typo.json
printf '{"version": 1,' >broken.json
expect 1 "$kenko" check-model broken.json
has err.txt "broken.json: invalid JSON"
sed 's/"column": "nps"/"column": "NPS score"/' model.json >nocol.json
expect 1 "$kenko" score --model nocol.json data.csv
has err.txt "data.csv: no column 'NPS score' in the header (closest: 'nps')"

# Bad tables: one line naming the row and column; exit 1; nothing on stdout.
printf 'id,logins,nps,churned\na,1,"9,0\n' >open.csv
expect 1 "$kenko" score --model model.json open.csv
has err.txt "open.csv: row 2, column 3: the quote that opens this field is never closed"
if [ -s out.txt ]; then bad "a broken table still wrote scores"; else ok; fi
: >empty.csv
expect 1 "$kenko" score --model model.json empty.csv
has err.txt "the table is empty"
head -c 3000 /dev/urandom >garbage.csv 2>/dev/null
expect 1 "$kenko" score --model model.json garbage.csv
expect 1 "$kenko" score --model model.json does-not-exist.csv
has err.txt "cannot open 'does-not-exist.csv'"
printf 'id,logins,nps,churned\n' >header-only.csv
expect 0 "$kenko" score --model model.json header-only.csv
lines out.txt 1
has err.txt "no customer rows"

# Shift_JIS with CRLF, detected, and the override.
printf '\x8c\xda\x8b\x71ID,logins,nps,churned\r\n\x82\xa0,1,5,1\r\n' >sjis.csv
sed 's/"id_column": "id"/"id_column": "顧客ID"/' model.json >ja.json
expect 0 "$kenko" score --model ja.json sjis.csv
has out.txt "あ,60.00,yellow"
expect 1 "$kenko" score --model ja.json sjis.csv --encoding utf-8
expect 0 "$kenko" score --model ja.json sjis.csv --encoding shift_jis

# --full-precision: the shortest text of each double, empty for a missing value.
expect 0 "$kenko" score --model model.json data.csv --full-precision
has out.txt "id,score,segment,coverage,ind.logins,ind.nps,drivers,alerts"
has out.txt "a,92,green,1,100,90,nps,"
has out.txt "b,50,yellow,0.2,50,,logins,"
printf 'id,logins,nps,churned\nc,0.6,1.1,0\n' >third.csv
expect 0 "$kenko" score --model model.json third.csv --full-precision
has out.txt "c,18.8,red,1,50,11.000000000000002,nps;logins,"

# kenko sql: the query, the load script, and messages naming the part of the model.
expect 0 "$kenko" sql --model model.json --table customers
has out.txt 'FROM "customers"'
has out.txt ' AS "ind.nps"'
has out.txt 'AS DECIMAL(18,2))'
expect 0 "$kenko" sql --model model.json --table analytics.customers --dialect postgres --full-precision -o q.sql
has q.sql 'FROM "analytics"."customers"'
has q.sql "CAST('0.5' AS DOUBLE PRECISION)"
expect 0 "$kenko" sql --model model.json --table c --dialect sqlite --previous-table p
has out.txt ' AS "change_driver"'
has out.txt 'LEFT JOIN'
expect 0 "$kenko" sql --model model.json --table c --dialect sqlite --load-script data.csv
has out.txt 'CREATE TABLE "c" ('
has out.txt '"logins" REAL'
has out.txt "('b', 0.6, NULL, '1')"
has err.txt "column 'nps': cells that are not numbers (treated as missing): 1 (row 3)"
expect 0 "$kenko" sql --model model.json --table c --dialect duckdb --load-script data.csv -o load.sql
has load.sql "COPY \"c\" (\"id\", \"logins\", \"nps\", \"churned\") FROM 'load.csv'"
has load.csv '"b",0.6,,"1"'
expect 2 "$kenko" sql --model model.json --table c --load-script data.csv
has err.txt "--dialect duckdb --load-script needs -o OUT.sql"
expect 2 "$kenko" sql --model model.json
has err.txt "--table NAME is required"
expect 2 "$kenko" sql --model model.json --table c --dialect oracle
has err.txt "--dialect is duckdb, postgres or sqlite, not 'oracle'"
long=$(printf 'x%.0s' $(seq 70))
sed "s/\"id\": \"nps\"/\"id\": \"$long\"/" model.json >long.json
expect 0 "$kenko" sql --model long.json --table c
expect 1 "$kenko" sql --model long.json --table c --dialect postgres
has err.txt "long.json: indicators[1].id: the output column 'ind.$long' is 74 bytes long; PostgreSQL cuts identifiers at 63 bytes"

# Usage errors: exit 2 with the command's help.
expect 2 "$kenko" score data.csv
has err.txt "--model MODEL.json is required"
expect 2 "$kenko" score --model model.json data.csv --format xml
expect 2 "$kenko" score --model model.json data.csv --encoding latin9
expect 2 "$kenko" frobnicate
expect 2 "$kenko" generate --rows ten
expect 2 "$kenko"
for c in score validate summary check-model sql generate init; do
  expect 0 "$kenko" "$c" --help
  has out.txt "usage: kenko $c"
done
expect 0 "$kenko" --help

# generate: deterministic for a seed.
expect 0 "$kenko" generate --rows 50 --seed 9 -o g1.csv
expect 0 "$kenko" generate --rows 50 --seed 9 -o g2.csv
if cmp -s g1.csv g2.csv; then ok; else bad "generate is not deterministic"; fi
lines g1.csv 51

# Every example scores.
for pair in "seed-points.json customers-1000.csv" "dear.json customers-1000.csv" "dear-ja.json customers-ja-sjis.csv"; do
  set -- $pair
  expect 0 "$kenko" score --model "$root/examples/$1" "$root/examples/$2"
  lines out.txt 1001
done

# Fit with constraints (hand-computed): good (weight 30) separates the outcome, noise (10) does
# not: shares 75 % and 25 %. Unconstrained good takes all; locked it keeps 75 %; a minimum share
# of 40 % for noise binds.
cat >fm.json <<'JSON'
{"version": 1, "id_column": "id",
 "indicators": [
   {"id": "good", "column": "good", "weight": 30, "rule": {"type": "linear", "from": 0, "to": 10}},
   {"id": "noise", "column": "noise", "weight": 10, "rule": {"type": "linear", "from": 0, "to": 10}}],
 "outcome": {"column": "churned"}}
JSON
{ echo "id,good,noise,churned"; for i in $(seq 0 65); do g=$((i % 11)); c=0; [ $g -lt 3 ] && c=1; echo "c$i,$g,$((i / 11)),$c"; done; } >fd.csv
expect 0 "$kenko" fit --model fm.json fd.csv
has out.txt "indicator good 30 -> 100"
has out.txt "indicator noise 10 -> 0"
expect 0 "$kenko" fit --model fm.json fd.csv --lock good
has out.txt "heldout_auc_unconstrained 1"
has out.txt "indicator good 30 -> 75"
has out.txt "share good 75.00% -> 75.00% locked"
expect 0 "$kenko" fit --model fm.json fd.csv --min-indicator-share noise=40%
has out.txt "indicator noise 10 -> 40"
has out.txt "indicator good 30 -> 60"
has out.txt "share noise 25.00% -> 40.00%"
printf '{"indicators": {"noise": {"min_share": 40}}}' >c.json
expect 0 "$kenko" fit --model fm.json fd.csv --constraints c.json -o fitted-c.json
has out.txt "indicator noise 10 -> 40"
has fitted-c.json '"weight": 40.0'
expect 1 "$kenko" fit --model fm.json fd.csv --lock good --min-indicator-share noise=40
has err.txt "the locked shares (75%) and the indicators' minimum shares (40%) add up to more than 100%"
expect 1 "$kenko" fit --model fm.json fd.csv --min-share d=10
has err.txt "constraints.dimensions.d: the model has no such dimension"
expect 2 "$kenko" fit --model fm.json fd.csv --min-indicator-share noise
expect 2 "$kenko" fit --model fm.json fd.csv --min-indicator-share noise=120
printf '[1]' >c-bad.json
expect 1 "$kenko" fit --model fm.json fd.csv --constraints c-bad.json
has err.txt "the constraints must be a JSON object"
# dear.json: a dimension's minimum share holds.
expect 0 "$kenko" fit --model "$root/examples/dear.json" "$root/examples/customers-1000.csv" --min-share engagement=40 --lock nps
has out.txt "dimension engagement 3 -> 40"
has out.txt "share nps 6.67% -> 6.67% locked"

# History over three monthly snapshots (hand-computed): score = x; good ≥ 70, mid ≥ 40.
cat >hm.json <<'JSON'
{"version": 1, "id_column": "id",
 "indicators": [{"id": "x", "column": "x", "rule": {"type": "linear", "from": 0, "to": 100}}],
 "segments": [{"id": "good", "label": "Good", "min": 70}, {"id": "mid", "label": "Mid", "min": 40},
              {"id": "bad", "label": "Bad"}]}
JSON
printf 'id,x\na,90\nb,60\nc,30\nd,80\n' >snap-2024-01.csv
printf 'id,x\na,85\nb,50\nc,35\ne,10\n' >snap-2024-02.csv
printf 'id,x\na,75\nb,45\nc,20\ne,\nf,99\n' >snap-2024-03.csv
expect 0 "$kenko" history --model hm.json snap-2024-03.csv snap-2024-01.csv snap-2024-02.csv
if [ "$(head -n 1 out.txt)" = "periods 2024-01 2024-02 2024-03" ]; then ok; else bad "history periods: $(head -n 1 out.txt)"; fi
has out.txt "period 2024-03 customers 5 scored 4 mean 59.75"
has out.txt "  good -> absent 1"
has out.txt "  absent -> bad 1"
has out.txt "  bad -> unscored 1"
has out.txt "deteriorating 2 (the score fell in each of the last 2 periods)"
has out.txt "  a streak 2: 90.00 85.00 75.00"
has out.txt "  b streak 2: 60.00 50.00 45.00"
expect 0 "$kenko" history --model hm.json snap-2024-01.csv snap-2024-02.csv snap-2024-03.csv --streak 1 --min-drop 6 --format json
has out.txt '"deteriorating":2,"customers":[{"row":2,"id":"c","streak":1,"scores":[30.0,35.0,20.0]},{"row":0,"id":"a","streak":1'
printf 'id,month,x\na,2024/01/31,90\nb,2024/01/31,60\na,2024-02-29,85\nb,2024-02-29,50\nb,2024-03-31,45\na,2024-03-31,75\n' >all.csv
expect 0 "$kenko" history --model hm.json all.csv --date-column month
has out.txt "periods 2024-01-31 2024-02-29 2024-03-31"
has out.txt "  b streak 2: 60.00 50.00 45.00"
printf 'id,month,x\na,2024-01,90\nb,jan,60\n' >baddate.csv
expect 1 "$kenko" history --model hm.json baddate.csv --date-column month
has err.txt "row 3, column 'month': 'jan' is not a date"
printf 'id,x\na,1\na,2\n' >dup-2024-05.csv
expect 1 "$kenko" history --model hm.json snap-2024-03.csv dup-2024-05.csv
has err.txt "snapshots '2024-03' and '2024-05': the current table has the id 'a' twice (rows 2 and 3)"
expect 2 "$kenko" history --model hm.json snap-2024-03.csv
expect 2 "$kenko" history --model hm.json snap-2024-03.csv snap-2024-01.csv --streak 0
expect 0 "$kenko" history --help
has out.txt "usage: kenko history"

# The value column: value per segment and at risk (summary), value-weighted AUC (validate).
sed 's/"id_column": "id",/"id_column": "id", "value_column": "arr",/' model.json >valued.json
printf 'id,logins,nps,churned,arr\na,1.5,9,0,100\nb,0.6,x,1,200\nc,0.1,2,1,300\nd,2,10,0,\n' >valued.csv
expect 0 "$kenko" summary --model valued.json valued.csv
has out.txt "value (arr)"
has out.txt "  at risk                        300.00  (the worst segments)"
has out.txt "  without a value      1 customers"
expect 0 "$kenko" validate --model valued.json valued.csv
has out.txt "value_auc 1"
has out.txt "value_positive 500"
expect 0 "$kenko" score --model valued.json valued.csv
cp out.txt valued-scores.txt
expect 0 "$kenko" score --model model.json valued.csv
if cmp -s out.txt valued-scores.txt; then ok; else bad "value_column changed the scored table"; fi
# Hostile input (issue 13).
# Weights whose sums would overflow are refused with their JSON path.
cat >big.json <<'JSON'
{"version":1,"id_column":"id","indicators":[
  {"id":"a","column":"v","weight":1e307,"rule":{"type":"linear","from":0,"to":10}},
  {"id":"b","column":"v","weight":1e307,"rule":{"type":"linear","from":0,"to":10}}]}
JSON
printf 'id,v\nr1,5\n' >one.csv
expect 1 "$kenko" check-model big.json
has err.txt "big.json: indicators[0].weight: must be at most 1e300"
has err.txt "big.json: indicators[1].weight: must be at most 1e300"
expect 1 "$kenko" score --model big.json one.csv
# --excel-safe: formula-like text cells get a ', numbers stay numbers.
cat >plain.json <<'JSON'
{"version":1,"id_column":"id","indicators":[{"id":"a","column":"v","rule":{"type":"linear","from":0,"to":10}}]}
JSON
printf 'id,v\n=HYPERLINK("http://example.invalid"),5\n-3,-2\n@SUM(A1),1\n+1.5,4\n-x,1\n' >inj.csv
expect 0 "$kenko" score --model plain.json --excel-safe inj.csv
has out.txt "\"'=HYPERLINK(\"\"http://example.invalid\"\")\",50.00,"
has out.txt "-3,0.00,red,"
has out.txt "'@SUM(A1),10.00,"
has out.txt "+1.5,40.00,"
has out.txt "'-x,10.00,"
expect 0 "$kenko" score --model plain.json inj.csv
has out.txt "\"=HYPERLINK("
has out.txt "@SUM(A1),10.00,"
expect 2 "$kenko" score --model plain.json --excel-safe --format json inj.csv
# A header of a million separators is refused at once.
{ printf 'id,v'; head -c 1000000 /dev/zero | tr '\0' ','; printf '\nr1,5\n'; } >wide.csv
expect 1 "$kenko" score --model plain.json wide.csv
has err.txt "wide.csv: row 1 has more than 65536 fields (columns)"
# Control bytes from a file never reach a terminal raw: escaped on stderr, and on stdout when it
# is a terminal (a file or pipe gets the bytes as they are).
printf 'id,v\nr1\033]0;pwned\007,5\nr1\033]0;pwned\007,6\n' >ctl.csv
expect 1 "$kenko" score --model plain.json --previous ctl.csv ctl.csv
has err.txt "the id 'r1\\x1B]0;pwned\\x07' twice"
if grep -q "$(printf '\033')" err.txt; then bad "a raw ESC on stderr"; else ok; fi
expect 0 "$kenko" score --model plain.json ctl.csv
if grep -q "$(printf '\033')" out.txt; then ok; else bad "the scored CSV to a file lost its bytes"; fi
if command -v script >/dev/null; then
  script -qec "$kenko score --model plain.json ctl.csv" /dev/null >tty.txt 2>&1
  has tty.txt 'r1\x1B]0;pwned\x07,50.00'
  if grep -q "$(printf '\033')" tty.txt; then bad "a raw ESC on a terminal"; else ok; fi
fi
# A row of spaces is a record (a missing value), not a blank line.
printf 'id,v\nr1,5\n  \t\nr2,6\n' >ws.csv
expect 0 "$kenko" score --model plain.json ws.csv
lines out.txt 4
has err.txt "rows with fewer fields than the header (absent fields are missing): 1 (row 3)"
# kenko init: a model proposed from the table's own columns (docs/INIT.md). On the generated
# tables (English, Japanese, Shift_JIS; with and without the outcome) the model is valid and
# scores every row; with the outcome its held-out AUC is within 0.02 of the example model's.
"$kenko" generate --rows 5000 --seed 1 -o g5k.csv
"$kenko" generate --rows 5000 --seed 1 --lang ja -o g5k-ja.csv
iconv -f UTF-8 -t CP932 g5k-ja.csv >g5k-sjis.csv
auc_after() { sed -n 's/^heldout_auc_after //p' "$1"; }
expect 0 "$kenko" fit --model "$root/examples/dear.json" g5k.csv
auc_dear=$(auc_after out.txt)
for spec in "g5k.csv churned" "g5k-ja.csv 解約" "g5k-sjis.csv 解約"; do
  set -- $spec
  for outcome in "" "$2"; do
    expect 0 "$kenko" init "$1" ${outcome:+--outcome "$outcome"} -o init.json
    has err.txt "$1: 5,000 rows, 28 columns"
    expect 0 "$kenko" check-model init.json
    if [ -s err.txt ]; then bad "init $1 $outcome: check-model warns: $(head -c 300 err.txt)"; else ok; fi
    expect 0 "$kenko" summary --model init.json "$1"
    has out.txt "customers  5000 (5000 scored, 0 unscored)"
    if [ -n "$outcome" ]; then
      expect 0 "$kenko" fit --model init.json "$1"
      a=$(auc_after out.txt)
      if awk -v a="$a" -v b="$auc_dear" 'BEGIN { exit !(a >= b - 0.02) }'; then ok; else
        bad "init $1: held-out AUC $a, the example model fitted $auc_dear"
      fi
    fi
  done
done
expect 0 "$kenko" init g5k.csv --outcome churned
has out.txt '"id_column": "account_id"'
has err.txt "  account_id: id, the id column: unique in every row, and its name says id"
has err.txt "  account_name: text, the label column"
has err.txt "  churned: yes/no, the outcome: "
has err.txt "  days_since_last_login: number, indicator 'days_since_last_login': bands at the quantiles"
has err.txt "lower is better: own AUC 0."
has err.txt "dimension engagement: the name says 'login'"
has err.txt "held-out AUC (5 folds, 5,000 customers): "
expect 0 "$kenko" init g5k-ja.csv
has err.txt "  最終ログインからの日数: number, indicator '最終ログインからの日数': "
has err.txt "lower is better: the name says 'からの日数'"
has err.txt "  FAQ閲覧数(30日): number, indicator 'faq閲覧数_30日': "
has err.txt "higher assumed better: neither an outcome nor the name tells: check it"
has err.txt "  プラン: category, left out: a category: which values are better needs an outcome"

# A telco-shaped export (BOM, CRLF, Yes/No churn, a leak, constant and code columns).
node "$root/tests/data/telco-shape.mjs" telco.csv
expect 0 "$kenko" init telco.csv --outcome Churn -o telco.json
has err.txt "telco.csv: 7,043 rows, 26 columns (utf-8, ','); outcome 'Churn': "
has err.txt "  customerID: id, the id column"
has err.txt "  Count: yes/no, left out: the same value in every row ('1')"
has err.txt "  Country: category, left out: the same value in every row ('United States')"
has err.txt "  City: text, left out: free text: 600 different values"
has err.txt "  Zip Code: number, left out: a code or coordinate, not a quantity"
has err.txt "  Churn Reason: category, left out: probable leak"
has err.txt "  Contract: category, indicator 'contract': category points by each value's outcome rate (Month-to-month 0, "
expect 0 "$kenko" fit --model telco.json telco.csv
a=$(auc_after out.txt)
if awk -v a="$a" 'BEGIN { exit !(a >= 0.8) }'; then ok; else bad "telco: held-out AUC $a"; fi
expect 0 "$kenko" init telco.csv --outcome Churn --positive yes --keep "Churn Reason" --drop tenure --no-fit -o kept.json
has err.txt "  Churn Reason: category, indicator 'churn_reason': kept at your request (probable leak"
has err.txt "  tenure: number, left out: your choice"
expect 0 "$kenko" init telco.csv --direction MonthlyCharges=lower -o /dev/null
has err.txt "lower is better: your choice"
expect 1 "$kenko" init telco.csv --outcome Churm
has err.txt "telco.csv: outcome: no column 'Churm' in the table (closest: 'Churn'"
expect 1 "$kenko" init telco.csv --outcome Contract
has err.txt "name the positive texts"
expect 1 "$kenko" init empty.csv
has err.txt "the table is empty"
expect 2 "$kenko" init
expect 2 "$kenko" init telco.csv --direction tenure=up
expect 2 "$kenko" init telco.csv --positive Yes
expect 0 "$kenko" init --help
has out.txt "usage: kenko init DATA.csv"

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
