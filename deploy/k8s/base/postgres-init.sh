#!/bin/bash
# Runs once, when the official postgres image initialises an empty data directory
# (/docker-entrypoint-initdb.d): one role and one database per service, each role owning its
# database and nothing else. Passwords come from the <service>-db Secrets (environment
# DB_PASSWORD_<SERVICE>), passed to psql as variables so no value is ever spliced into SQL text.
set -euo pipefail
for service in catalog customers auth cart shipping payment checkout email; do
  var="DB_PASSWORD_${service^^}"
  password="${!var:?the ${var} environment variable (from the ${service}-db Secret) is required}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v name="$service" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
done
