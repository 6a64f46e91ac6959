#!/bin/bash
# Runs once, when the PostgreSQL volume is first created (docker-entrypoint-initdb.d): one role and
# one database per service, each owned by its role, with the password given in the environment.
set -euo pipefail
for svc in catalog customers auth cart shipping payment checkout email; do
  var="$(echo "$svc" | tr a-z A-Z)_DB_PASSWORD"
  password="${!var:?$var is not set}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v svc="$svc" -v pw="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'svc', :'pw') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'svc', :'svc') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'svc') \gexec
SQL
done
