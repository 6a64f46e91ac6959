#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL 15 (its own initdb in a temp dir, on a free port),
# exported as TEST_DATABASE_URL, and stops it afterwards whatever happened. Tests run it with
# fsync=off (speed; the data is thrown away); benchmarks with PG_FSYNC=on, as in production.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL 15 is missing: run scripts/install-deps.sh test" >&2; exit 1; }

dir=$(mktemp -d /tmp/rapidtrade-pg.XXXXXX)
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# initdb refuses to run as root: run the server as the postgres user then.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"

stop() {
  as_owner "$PG_BIN/pg_ctl -D $dir/data -m fast -w stop" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

as_owner "$PG_BIN/initdb -D $dir/data -U rapidtrade --auth=trust -E UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
as_owner "$PG_BIN/pg_ctl -D $dir/data -l $dir/pg.log -w -o \"-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=${PG_FSYNC:-off}\" start" >/dev/null ||
  { cat "$dir/pg.log" >&2; exit 1; }

export TEST_DATABASE_URL="postgresql://rapidtrade@127.0.0.1:$port/postgres"
echo "PostgreSQL 15 for the tests: $TEST_DATABASE_URL" >&2
"$@"
