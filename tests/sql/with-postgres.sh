#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster: initdb into a temporary folder, the
# server listening on a Unix socket in that folder only (no TCP port), PGHOST/PGUSER/PGDATABASE
# exported for the command, and the cluster stopped and removed at the end, whatever happens.
# PostgreSQL refuses to run as root: as root the server runs as the unprivileged user nobody.
#   usage: tests/sql/with-postgres.sh COMMAND [ARGS...]
set -uo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "with-postgres: PostgreSQL's server is not installed (scripts/install-deps installs it)" >&2
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/kenko-pg.XXXXXX") || exit 1
as_server=()
if [ "$(id -u)" = 0 ]; then
  chown nobody "$dir"
  as_server=(runuser -u nobody --)
fi

cleanup() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! "${as_server[@]}" "$bin/initdb" -D "$dir/data" -U kenko -A trust -E UTF8 --locale=C \
  --no-sync >"$dir/initdb.log" 2>&1; then
  echo "with-postgres: initdb failed:" >&2
  cat "$dir/initdb.log" >&2
  exit 1
fi
# fsync off: a throwaway cluster needs no durability.
if ! "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses='' -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null; then
  echo "with-postgres: the server did not start:" >&2
  cat "$dir/server.log" >&2
  exit 1
fi

export PGHOST=$dir PGUSER=kenko PGDATABASE=postgres
"$@"
