#pragma once
// Where each service keeps its data, from the environment (first match wins):
//   <SERVICE>_DATABASE_URL   e.g. CATALOG_DATABASE_URL=postgres://catalog:pw@db:5432/catalog
//   DATABASE_URL             one PostgreSQL database for every service (each in its own schema)
//   POSTGRES_HOST (+ POSTGRES_PORT, POSTGRES_DB, POSTGRES_USER, POSTGRES_PASSWORD): the brief's names
//   otherwise SQLite:        $DATA_DIR/<service>.db
// A URL may also be sqlite:///absolute/file.db or sqlite:relative/file.db.
#include <string>

#include "platform/config.hpp"
#include "platform/db/database.hpp"

namespace rapidtrade::platform::db {

DatabaseConfig database_config_for(const Env& env, const std::string& service, const std::string& data_dir);

}  // namespace rapidtrade::platform::db
