#pragma once
// One small storage interface with two back ends: SQLite (embedded default, WAL, one file per
// service) and PostgreSQL 15 (libpq, one database or schema per service). SQL is written once with
// numbered parameters ($1, $2...) which both back ends accept. Calls block: they run on the
// service's worker threads, never on the HTTP I/O threads.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "platform/text.hpp"

namespace prometheus {
class Histogram;
}

namespace rapidtrade::platform {
class Metrics;
}

namespace rapidtrade::platform::db {

// Where a database reports its pool and query metrics (set by Database::observe).
struct QueryObserver {
    Metrics* metrics;
    std::string service;
};

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

enum class Backend { sqlite, postgres };

class DatabaseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A write broke a UNIQUE, CHECK or FOREIGN KEY constraint: the caller maps it to 409 or 422.
class ConstraintViolation : public DatabaseError {
public:
    enum class Kind { unique, check, foreign_key, not_null, other };
    ConstraintViolation(Kind kind, const std::string& what) : DatabaseError(what), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

class Row {
public:
    explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
    std::size_t size() const { return cells_.size(); }
    bool is_null(std::size_t i) const { return std::holds_alternative<std::nullptr_t>(cells_.at(i)); }
    std::int64_t i64(std::size_t i) const;
    double f64(std::size_t i) const;
    std::string str(std::size_t i) const;
    std::optional<std::string> opt_str(std::size_t i) const;
    const Value& operator[](std::size_t i) const { return cells_.at(i); }

private:
    std::vector<Value> cells_;
};

struct Result {
    std::vector<Row> rows;
    std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
    bool empty() const { return rows.empty(); }
    std::size_t size() const { return rows.size(); }
    const Row& operator[](std::size_t i) const { return rows.at(i); }
};

inline Value to_value(std::nullptr_t) { return nullptr; }
inline Value to_value(std::int64_t v) { return v; }
inline Value to_value(int v) { return static_cast<std::int64_t>(v); }
inline Value to_value(long long v) { return static_cast<std::int64_t>(v); }
inline Value to_value(double v) { return v; }
inline Value to_value(bool v) { return static_cast<std::int64_t>(v ? 1 : 0); }
inline Value to_value(std::string v) { return v; }
inline Value to_value(std::string_view v) { return std::string(v); }
inline Value to_value(const char* v) { return std::string(v); }
template <class T>
Value to_value(const std::optional<T>& v) {
    return v ? to_value(*v) : Value(nullptr);
}

class Connection {
public:
    virtual ~Connection() = default;
    // Runs one statement; timed by query name when the database is observed.
    Result execute(std::string_view sql, std::span<const Value> params);
    // Several statements, no parameters (migrations).
    virtual void execute_script(std::string_view sql) = 0;
    // False once the connection is broken; the pool then drops it.
    virtual bool healthy() const = 0;

    template <class... Args>
    Result query(std::string_view sql, Args&&... args) {
        std::vector<Value> params{to_value(std::forward<Args>(args))...};
        return execute(sql, params);
    }

    // A write whose result nobody reads, inside a transaction: it runs no later than the
    // transaction's next statement or its COMMIT. PostgreSQL sends it in the same round trip as
    // that statement (an order's rows and its COMMIT: one exchange instead of five); its error, if
    // any, is thrown there, and the transaction is rolled back as for any failed statement. SQLite,
    // in the process, runs it at once.
    template <class... Args>
    void later(std::string_view sql, Args&&... args) {
        defer(sql, std::vector<Value>{to_value(std::forward<Args>(args))...});
    }

    // Called at every lease: the histograms found stay while the observer is the same.
    void observe(const QueryObserver* observer) {
        if (observer == observer_) return;
        observer_ = observer;
        histograms_.clear();
    }

protected:
    virtual Result run(std::string_view sql, std::span<const Value> params) = 0;
    virtual void defer(std::string_view sql, std::vector<Value> params) { execute(sql, params); }
    // Counts a statement in its histogram (execute() does it for the statements it runs).
    void observed(std::string_view sql, std::chrono::steady_clock::duration took);

private:
    const QueryObserver* observer_ = nullptr;
    // Each statement's histogram, found once per connection: finding it names the statement
    // (query_name reads the SQL text) and looks its labels up, too much for every statement of
    // every order (about 2 % of the checkout's profile).
    std::unordered_map<std::string, prometheus::Histogram*, TransparentStringHash, std::equal_to<>> histograms_;
};

// "SELECT ... FROM products p WHERE" -> "select products": a bounded label for a statement.
std::string query_name(std::string_view sql);

// "$3, $4, $5" for (3, 3): the placeholders of an "IN (...)" list of `count` bound values, the first
// numbered `first`. Only these numbers go into the SQL text; the values are bound.
std::string placeholder_list(std::size_t first, std::size_t count);

struct DatabaseConfig {
    Backend backend = Backend::sqlite;
    std::string sqlite_path;        // sqlite: the file
    std::string postgres_conninfo;  // postgres: a libpq URL or key=value string
    std::string schema;             // postgres: the service's schema (search_path)
    int pool_size = 8;
    std::chrono::milliseconds acquire_timeout{5000};
};

class Database {
public:
    static std::unique_ptr<Database> open(const DatabaseConfig& config);
    virtual ~Database();

    Backend backend() const { return config_.backend; }
    const DatabaseConfig& config() const { return config_; }

    // A pooled connection, returned to the pool when the lease ends.
    class Lease {
    public:
        Lease(Database* db, std::unique_ptr<Connection> c) : db_(db), conn_(std::move(c)) {}
        Lease(Lease&&) = default;
        ~Lease();
        Connection* operator->() const { return conn_.get(); }
        Connection& operator*() const { return *conn_; }

    private:
        Database* db_;
        std::unique_ptr<Connection> conn_;
    };
    Lease acquire();

    // Runs `work(Connection&)` in a transaction: committed when it returns, rolled back when it throws.
    template <class Work>
    auto transaction(Work&& work) -> decltype(work(std::declval<Connection&>())) {
        auto conn = acquire();
        conn->execute(begin_statement(), {});
        try {
            if constexpr (std::is_void_v<decltype(work(*conn))>) {
                work(*conn);
                conn->execute("COMMIT", {});
            } else {
                auto result = work(*conn);
                conn->execute("COMMIT", {});
                return result;
            }
        } catch (...) {
            if (conn->healthy()) {
                try {
                    conn->execute("ROLLBACK", {});
                } catch (...) {
                }
            }
            throw;
        }
    }

    // One statement outside any explicit transaction.
    template <class... Args>
    Result query(std::string_view sql, Args&&... args) {
        auto conn = acquire();
        return conn->query(sql, std::forward<Args>(args)...);
    }

    bool ping();

    // Reports rapidtrade_db_connections_in_use, rapidtrade_db_pool_waits_total and
    // rapidtrade_db_query_duration_seconds{query} under service=`service`.
    void observe(Metrics& metrics, std::string service);

protected:
    explicit Database(DatabaseConfig config) : config_(std::move(config)) {}
    virtual std::unique_ptr<Connection> connect() = 0;
    // SQLite takes the write lock up front (BEGIN IMMEDIATE) so two writers never deadlock upgrading.
    virtual const char* begin_statement() const = 0;

private:
    void release(std::unique_ptr<Connection> c);

    DatabaseConfig config_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;
    int open_ = 0;
    std::unique_ptr<QueryObserver> observer_;
    void* in_use_ = nullptr;  // prometheus::Gauge*, kept opaque to spare every includer the header
    void* waits_ = nullptr;   // prometheus::Counter*
};

}  // namespace rapidtrade::platform::db
