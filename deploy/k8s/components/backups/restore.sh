#!/bin/bash
# Restores service databases from one pg_dump backup directory made by backup.sh, after checking
# its SHA256SUMS: pg_restore --clean --if-exists, in one transaction per database (a failed
# restore leaves that database as it was). Stop the services concerned first (scale to 0).
# Environment: RESTORE_FROM (a directory name under $BACKUP_ROOT such as 20261126T040000Z, or
# "latest"), RESTORE_DATABASES ("all" or a list such as "customers cart"), POSTGRES_HOST,
# POSTGRES_PORT, DATABASES, BACKUP_ROOT and DB_PASSWORD_<DB>.
set -euo pipefail

root="${BACKUP_ROOT:-/backups}"
host="${POSTGRES_HOST:?POSTGRES_HOST is required}"
port="${POSTGRES_PORT:-5432}"
databases="${DATABASES:?DATABASES (the service databases) is required}"
from="${RESTORE_FROM:-}"
wanted="${RESTORE_DATABASES:-}"

list_backups() {
  echo "restore: backups in $root (last-success: $(cat "$root/last-success" 2>/dev/null || echo none)):" >&2
  find "$root" -mindepth 1 -maxdepth 1 -type d -name '20??????T??????Z' -printf '  %f\n' | sort >&2
}

if [ -z "$from" ] || [ -z "$wanted" ]; then
  echo "restore: set RESTORE_FROM (a backup directory or 'latest') and RESTORE_DATABASES ('all' or names)" >&2
  list_backups
  exit 2
fi
if [ "$from" = latest ]; then
  from="$(find "$root" -mindepth 1 -maxdepth 1 -type d -name '20??????T??????Z' -printf '%f\n' | sort | tail -n 1)"
  [ -n "$from" ] || { echo "restore: no backup in $root" >&2; exit 1; }
fi
case "$from" in */*|.*) echo "restore: RESTORE_FROM must be a directory name under $root, not '$from'" >&2; exit 2 ;; esac
dir="$root/$from"
[ -f "$dir/SHA256SUMS" ] || { echo "restore: no $dir/SHA256SUMS" >&2; list_backups; exit 1; }
[ "$wanted" = all ] && wanted="$databases"

for db in $wanted; do
  case " $databases " in *" $db "*) ;; *) echo "restore: $db is not one of: $databases" >&2; exit 2 ;; esac
  [ -f "$dir/$db.dump" ] || { echo "restore: no $dir/$db.dump" >&2; exit 1; }
done

echo "restore: checking $dir/SHA256SUMS"
(cd -- "$dir" && sha256sum --check --strict SHA256SUMS)

for db in $wanted; do
  var="DB_PASSWORD_${db^^}"
  password="${!var:?$var (from the $db-db Secret) is required}"
  echo "restore: $db from $dir/$db.dump"
  PGPASSWORD="$password" pg_restore --host="$host" --port="$port" --username="$db" --dbname="$db" \
    --no-password --clean --if-exists --no-owner --single-transaction "$dir/$db.dump"
done
echo "restore: done ($wanted from $from)"
