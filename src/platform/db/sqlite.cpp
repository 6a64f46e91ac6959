// SQLite back end: one file per service, WAL so readers never wait for the writer.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <unordered_map>

#include "platform/db/backup.hpp"
#include "platform/db/database.hpp"
#include "platform/errors.hpp"

namespace rapidtrade::platform::db {
namespace {

[[noreturn]] void throw_sqlite(sqlite3* handle, int rc, std::string_view context) {
    std::string msg = std::string(context) + ": " + (handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc));
    int ext = handle ? sqlite3_extended_errcode(handle) : rc;
    if ((rc & 0xFF) == SQLITE_CONSTRAINT) {
        auto kind = ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY ? ConstraintViolation::Kind::unique
                    : ext == SQLITE_CONSTRAINT_CHECK                                       ? ConstraintViolation::Kind::check
                    : ext == SQLITE_CONSTRAINT_FOREIGNKEY ? ConstraintViolation::Kind::foreign_key
                    : ext == SQLITE_CONSTRAINT_NOTNULL    ? ConstraintViolation::Kind::not_null
                                                          : ConstraintViolation::Kind::other;
        throw ConstraintViolation(kind, msg);
    }
    if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED)
        throw ServiceUnavailable(Msg("api.db.busy"));
    throw DatabaseError(msg);
}

// Another connection of the service holds the file's write lock (each write holds it for a few hundred
// µs). SQLite's own busy handler sleeps 1, 2, 5, 10, 15... ms between tries: a writer that finds the
// lock taken then waits for milliseconds after it was freed, and an unlucky one of several waiting
// writers for tens of them. Tried again after 50 µs instead, then less often after a while (a long
// write, a backup), and given up on after kBusyTimeout as before.
constexpr auto kBusyTimeout = std::chrono::seconds(5);

int retry_soon(void*, int tries) {
    using namespace std::chrono;
    thread_local steady_clock::time_point waiting_since;
    auto now = steady_clock::now();
    if (tries == 0) waiting_since = now;  // a new wait on this thread's connection
    if (now - waiting_since >= kBusyTimeout) return 0;
    std::this_thread::sleep_for(tries < 200 ? microseconds(50) : milliseconds(2));
    return 1;
}

class SqliteConnection final : public Connection {
public:
    explicit SqliteConnection(const std::string& path) {
        int rc = sqlite3_open_v2(path.c_str(), &db_,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
        if (rc != SQLITE_OK) {
            std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
            sqlite3_close(db_);
            db_ = nullptr;
            throw ServiceUnavailable(Msg("api.db.sqlite_unopenable", {{"path", path}, {"error", msg}}));
        }
        sqlite3_busy_handler(db_, retry_soon, nullptr);
        execute_script(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            "PRAGMA temp_store=MEMORY;");
    }

    ~SqliteConnection() override {
        for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
        sqlite3_close(db_);
    }

    Result run(std::string_view sql, std::span<const Value> params) override {
        sqlite3_stmt* stmt = prepare(sql);
        // Statements stay cached; reset them whatever happens so the next use starts clean.
        struct Reset {
            sqlite3_stmt* s;
            ~Reset() {
                sqlite3_reset(s);
                sqlite3_clear_bindings(s);
            }
        } reset{stmt};
        int count = sqlite3_bind_parameter_count(stmt);
        for (int i = 1; i <= count; ++i) {
            const char* name = sqlite3_bind_parameter_name(stmt, i);
            // "$3" binds params[2]; the SQL is shared with PostgreSQL, which numbers the same way.
            std::size_t index = name && name[0] == '$' ? std::stoul(name + 1) - 1 : static_cast<std::size_t>(i - 1);
            if (index >= params.size()) throw DatabaseError("missing SQL parameter " + std::string(name ? name : "?"));
            bind(stmt, i, params[index]);
        }
        Result result;
        int columns = sqlite3_column_count(stmt);
        for (;;) {
            int rc = sqlite3_step(stmt);
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) throw_sqlite(db_, rc, "query failed");
            std::vector<Value> cells;
            cells.reserve(columns);
            for (int c = 0; c < columns; ++c) cells.push_back(column(stmt, c));
            result.rows.emplace_back(std::move(cells));
        }
        result.affected = sqlite3_changes(db_);
        return result;
    }

    void execute_script(std::string_view sql) override {
        char* err = nullptr;
        int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
        if (rc != SQLITE_OK) {
            std::string msg = err ? err : sqlite3_errstr(rc);
            sqlite3_free(err);
            throw_sqlite(db_, rc, "script failed: " + msg);
        }
    }

    bool healthy() const override { return db_ != nullptr; }

private:
    sqlite3_stmt* prepare(std::string_view sql) {
        auto it = statements_.find(std::string(sql));
        if (it != statements_.end()) return it->second;
        sqlite3_stmt* stmt = nullptr;
        int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                    nullptr);
        if (rc != SQLITE_OK) throw_sqlite(db_, rc, "cannot prepare statement");
        statements_.emplace(std::string(sql), stmt);
        return stmt;
    }

    static void bind(sqlite3_stmt* stmt, int i, const Value& v) {
        if (std::holds_alternative<std::nullptr_t>(v)) sqlite3_bind_null(stmt, i);
        else if (auto p = std::get_if<std::int64_t>(&v)) sqlite3_bind_int64(stmt, i, *p);
        else if (auto p = std::get_if<double>(&v)) sqlite3_bind_double(stmt, i, *p);
        else {
            const auto& s = std::get<std::string>(v);
            sqlite3_bind_text(stmt, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
        }
    }

    static Value column(sqlite3_stmt* stmt, int c) {
        switch (sqlite3_column_type(stmt, c)) {
            case SQLITE_INTEGER: return static_cast<std::int64_t>(sqlite3_column_int64(stmt, c));
            case SQLITE_FLOAT: return sqlite3_column_double(stmt, c);
            case SQLITE_NULL: return nullptr;
            default: {
                auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
                return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
            }
        }
    }

    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

class SqliteDatabase final : public Database {
public:
    explicit SqliteDatabase(const DatabaseConfig& config) : Database(config) {
        auto parent = std::filesystem::path(config.sqlite_path).parent_path();
        if (!parent.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(parent, ec);
            if (ec) throw ServiceUnavailable(
                    Msg("api.db.data_directory", {{"path", parent.string()}, {"error", ec.message()}}));
        }
        // Held (shared) while the database is open, so `rapidtrade restore` can tell it is in use.
        lock_fd_ = ::open(sqlite_lock_path(config.sqlite_path).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (lock_fd_ < 0 || ::flock(lock_fd_, LOCK_SH) != 0)
            throw ServiceUnavailable(Msg("api.db.sqlite_lock", {{"path", sqlite_lock_path(config.sqlite_path)}}));
    }
    ~SqliteDatabase() override {
        if (lock_fd_ >= 0) ::close(lock_fd_);
    }

protected:
    std::unique_ptr<Connection> connect() override {
        return std::make_unique<SqliteConnection>(config().sqlite_path);
    }
    const char* begin_statement() const override { return "BEGIN IMMEDIATE"; }

private:
    int lock_fd_ = -1;
};

}  // namespace

std::string sqlite_lock_path(const std::string& database_path) { return database_path + ".lock"; }

std::unique_ptr<Database> open_sqlite(const DatabaseConfig& config) {
    return std::make_unique<SqliteDatabase>(config);
}

}  // namespace rapidtrade::platform::db
