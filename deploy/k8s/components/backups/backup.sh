#!/bin/bash
# Dumps every service database (pg_dump custom format), each with its own role, into
# $BACKUP_ROOT/<UTC timestamp>/<db>.dump with a SHA256SUMS file; keeps the last $BACKUP_KEEP
# directories and deletes older ones; writes $BACKUP_ROOT/last-success when all went well and,
# with PUSHGATEWAY_URL (set by components/monitoring), pushes that time to the Pushgateway as
# rapidtrade_backup_last_success_timestamp_seconds (the input of RapidTradeBackupTooOld).
# Run by the CronJob postgres-backup (components/backups). Environment: POSTGRES_HOST,
# POSTGRES_PORT, DATABASES, BACKUP_ROOT, BACKUP_KEEP, DB_PASSWORD_<DB> for each database, and
# optionally PUSHGATEWAY_URL.
set -euo pipefail
umask 077

root="${BACKUP_ROOT:-/backups}"
keep="${BACKUP_KEEP:-48}"
databases="${DATABASES:?DATABASES (the service databases) is required}"
host="${POSTGRES_HOST:?POSTGRES_HOST is required}"
port="${POSTGRES_PORT:-5432}"
case "$keep" in ''|*[!0-9]*|0) echo "backup: BACKUP_KEEP must be a positive integer, not '$keep'" >&2; exit 2 ;; esac
if [ ! -d "$root" ] || [ ! -w "$root" ]; then echo "backup: $root is not a writable directory" >&2; exit 2; fi

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
work="$root/.partial-$stamp"
final="$root/$stamp"
trap 'rm -rf -- "$work"' EXIT
mkdir -p -- "$work"

for db in $databases; do
  var="DB_PASSWORD_${db^^}"
  password="${!var:?$var (from the $db-db Secret) is required}"
  echo "backup: dumping $db"
  PGPASSWORD="$password" pg_dump --host="$host" --port="$port" --username="$db" --dbname="$db" \
    --format=custom --compress=6 --no-password --file="$work/$db.dump"
  # A dump that pg_restore cannot read is no backup.
  pg_restore --list "$work/$db.dump" > /dev/null
done

(cd -- "$work" && sha256sum -- *.dump > SHA256SUMS && sha256sum --check --quiet SHA256SUMS)
mv -- "$work" "$final"
trap - EXIT
echo "backup: wrote $final"

# Retention: the newest $keep complete backups stay (names sort by time), older ones go.
mapfile -t all < <(find "$root" -mindepth 1 -maxdepth 1 -type d -name '20??????T??????Z' -printf '%f\n' | sort)
if [ "${#all[@]}" -gt "$keep" ]; then
  for old in "${all[@]:0:${#all[@]}-keep}"; do
    echo "backup: removing $root/$old (keeping the last $keep)"
    rm -rf -- "${root:?}/$old"
  done
fi
# Leftovers of runs that died before finishing.
find "$root" -mindepth 1 -maxdepth 1 -type d -name '.partial-*' -mmin +1440 -exec rm -rf -- {} +

printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$stamp" > "$root/.last-success.tmp"
mv -- "$root/.last-success.tmp" "$root/last-success"
echo "backup: done ($(cat "$root/last-success"))"

# The backup is complete whatever happens next: a failed report only warns here, and
# RapidTradeBackupTooOld fires if reports keep failing (its runbook says where to look).
if [ -n "${PUSHGATEWAY_URL:-}" ]; then
  timeout 20 bash "$(dirname -- "$0")/push-metric.sh" \
    rapidtrade_backup_last_success_timestamp_seconds "$(date +%s)" postgres-backup \
    || echo "backup: warning: could not report the success to $PUSHGATEWAY_URL (the backup itself is complete)" >&2
fi
