#include "platform/db/migrations.hpp"

#include "platform/clock.hpp"

#include <chrono>
#include <functional>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace rapidtrade::platform::db {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

int max_version(Connection& c) {
    auto r = c.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    return static_cast<int>(r[0].i64(0));
}

}  // namespace

int schema_version(Database& db) {
    auto conn = db.acquire();
    conn->execute_script(kCreateTable);
    return max_version(*conn);
}

MigrationReport migrate(Database& db, std::string_view service, std::span<const Migration> migrations) {
    if (db.backend() == Backend::postgres && !db.config().schema.empty()) {
        auto conn = db.acquire();
        conn->execute_script("CREATE SCHEMA IF NOT EXISTS \"" + db.config().schema + "\"");
    }
    int latest = migrations.empty() ? 0 : migrations.back().version;
    return db.transaction([&](Connection& c) {
        if (db.backend() == Backend::postgres) {
            // Several replicas may start together: one migrates, the others wait, then find nothing to do.
            auto key = static_cast<std::int64_t>(std::hash<std::string_view>{}(service) & 0x7fffffffffffLL);
            c.query("SELECT pg_advisory_xact_lock($1)", key);
        }
        c.execute_script(kCreateTable);
        MigrationReport report;
        report.from_version = max_version(c);
        if (report.from_version > latest)
            throw SchemaTooNew(fmt::format("the {} database is at schema version {} but this binary knows only up to {}; "
                                           "upgrade rapidtrade instead of downgrading the database",
                                           service, report.from_version, latest));
        for (const auto& m : migrations) {
            if (m.version <= report.from_version) continue;
            bool pg = db.backend() == Backend::postgres && !m.postgres_sql.empty();
            c.execute_script(pg ? m.postgres_sql : m.sql);
            auto now = now_iso();
            c.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", m.version,
                    std::string(m.name), now);
        }
        report.to_version = latest > report.from_version ? latest : report.from_version;
        return report;
    });
}

}  // namespace rapidtrade::platform::db
