#!/bin/bash
set -euo pipefail
# Started as root (compose): own the data directory, then drop to postgres. Started as the postgres
# user already (Kubernetes: runAsUser 999, the volume made writable by fsGroup): run as is.
if [ "$(id -u)" = 0 ]; then
  as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
  mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA"
else
  as_postgres() { "$@"; }
  mkdir -p "$PGDATA"
fi
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  # The password file goes where the process may write: /tmp (an emptyDir under a read-only root).
  pw=$(mktemp) && printf '%s' "$POSTGRES_PASSWORD" > "$pw"
  [ "$(id -u)" = 0 ] && chown postgres "$pw"
  as_postgres initdb -D "$PGDATA" -U "${POSTGRES_USER:-postgres}" --pwfile="$pw" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pw"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  as_postgres pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  for f in /docker-entrypoint-initdb.d/*; do
    [ -f "$f" ] || continue
    echo "running $f"
    PGHOST=/var/run/postgresql as_postgres env POSTGRES_USER="${POSTGRES_USER:-postgres}" bash "$f"
  done
  as_postgres pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
# Extra arguments (the StatefulSet's `-c max_connections=200 ...`) go to postgres, as with the
# official image.
if [ "$(id -u)" = 0 ]; then
  exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA" -c listen_addresses='*' "$@"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
