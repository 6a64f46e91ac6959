#pragma once
// Versioned schema migrations, one list per service, applied in order at start-up (or by
// `rapidtrade migrate --target X` in a cluster Job). Applying is idempotent; a database whose schema
// is newer than this binary is refused rather than touched.
#include <span>
#include <string_view>

#include "platform/db/database.hpp"

namespace rapidtrade::platform::db {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;           // portable SQL, or SQLite's when postgres_sql is set
    std::string_view postgres_sql;  // PostgreSQL's own text, when it differs
};

class SchemaTooNew : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

struct MigrationReport {
    int from_version = 0;
    int to_version = 0;
};

MigrationReport migrate(Database& db, std::string_view service, std::span<const Migration> migrations);
// The highest applied version (0 for an empty database).
int schema_version(Database& db);

}  // namespace rapidtrade::platform::db
