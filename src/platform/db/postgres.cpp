// PostgreSQL back end over libpq: server-side prepared statements cached per connection, each
// service in its own schema (search_path) so one database can also hold every service.
#include <libpq-fe.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "platform/db/database.hpp"
#include "platform/errors.hpp"
#include "platform/text.hpp"

namespace rapidtrade::platform::db {
namespace {

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701;

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::string quote_identifier(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

class PostgresConnection final : public Connection {
public:
    PostgresConnection(const std::string& conninfo, const std::string& schema) {
        conn_ = PQconnectdb(conninfo.c_str());
        if (PQstatus(conn_) != CONNECTION_OK) {
            std::string msg = PQerrorMessage(conn_);
            while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
            PQfinish(conn_);
            conn_ = nullptr;
            throw ServiceUnavailable(Msg("api.db.postgres_unreachable", {{"error", msg}}));
        }
        // Server notices ("drop cascades to...") are not errors: keep them off stderr.
        PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
        if (!schema.empty()) execute_script("SET search_path TO " + quote_identifier(schema));
    }

    ~PostgresConnection() override { PQfinish(conn_); }

    Result run(std::string_view sql, std::span<const Value> params) override {
        if (sql == "BEGIN") {
            begin_pending_ = true;  // sent with the transaction's first statement
            return {};
        }
        if (sql == "ROLLBACK") {
            deferred_.clear();  // never sent: nothing of them to undo
            if (std::exchange(begin_pending_, false)) return {};
        } else if (sql == "COMMIT" && begin_pending_ && deferred_.empty()) {
            begin_pending_ = false;  // an empty transaction: nothing was sent, nothing to end
            return {};
        }
        auto bound = bind(params);
        ResultPtr res(nullptr, &PQclear);
        const bool control = is_transaction_control(sql);
        const Prepared* statement = control ? nullptr : &prepare(sql, static_cast<int>(params.size()));
        if (begin_pending_ || !deferred_.empty()) {
            res = run_pipeline(statement, sql, bound);
        } else if (control) {
            res.reset(PQexec(conn_, std::string(sql).c_str()));
        } else {
            auto values = bound.values();
            res.reset(PQexecPrepared(conn_, statement->second.c_str(), static_cast<int>(values.size()), values.data(),
                                     nullptr, nullptr, 0));
        }
        check(res.get());
        Result result;
        int rows = PQntuples(res.get()), cols = PQnfields(res.get());
        result.rows.reserve(rows);
        for (int r = 0; r < rows; ++r) {
            std::vector<Value> cells;
            cells.reserve(cols);
            for (int c = 0; c < cols; ++c) cells.push_back(cell(res.get(), r, c));
            result.rows.emplace_back(std::move(cells));
        }
        const char* tuples = PQcmdTuples(res.get());
        result.affected = tuples && *tuples ? std::stoll(tuples) : 0;
        return result;
    }

    void execute_script(std::string_view sql) override {
        ResultPtr res(PQexec(conn_, std::string(sql).c_str()), &PQclear);
        check(res.get());
    }

    bool healthy() const override { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

private:
    static bool is_transaction_control(std::string_view sql) {
        return sql == "COMMIT" || sql == "ROLLBACK" || sql == "SELECT 1";  // BEGIN: see run()
    }

    // A statement prepared on this connection: its SQL text and the name it was prepared under.
    using Prepared = std::pair<const std::string, std::string>;

    // Parameters as text, the form libpq sends them in; none for SQL NULL.
    struct Bound {
        std::vector<std::optional<std::string>> texts;
        std::vector<const char*> values() const {
            std::vector<const char*> out;
            out.reserve(texts.size());
            for (const auto& t : texts) out.push_back(t ? t->c_str() : nullptr);
            return out;
        }
    };
    static Bound bind(std::span<const Value> params) {
        Bound b;
        b.texts.reserve(params.size());
        for (const auto& v : params) {
            if (std::holds_alternative<std::nullptr_t>(v)) b.texts.emplace_back();
            else if (auto p = std::get_if<std::int64_t>(&v)) b.texts.emplace_back(std::to_string(*p));
            else if (auto p = std::get_if<double>(&v)) b.texts.emplace_back(std::to_string(*p));
            else b.texts.emplace_back(std::get<std::string>(v));
        }
        return b;
    }

    // A write put off (Connection::later) until the transaction's next statement.
    struct Deferred {
        const Prepared* statement;  // its SQL text (for its histogram) and prepared name
        Bound params;
    };

    void defer(std::string_view sql, std::vector<Value> params) override {
        // Outside a transaction there is no next statement to wait for.
        if (!begin_pending_ && PQtransactionStatus(conn_) != PQTRANS_INTRANS) {
            execute(sql, params);
            return;
        }
        deferred_.push_back({&prepare(sql, static_cast<int>(params.size())), bind(params)});
    }

    // BEGIN if it is still to be sent, the writes put off, then this statement (`statement`, or the
    // transaction control `sql`), all in one round trip (libpq pipeline mode). Every result is
    // read before leaving the pipeline; the first failure is the one reported (the server skips
    // what follows it until the sync point), and this statement's own result is returned.
    ResultPtr run_pipeline(const Prepared* statement, std::string_view sql, const Bound& params) {
        auto batch = std::exchange(deferred_, {});
        const bool with_begin = std::exchange(begin_pending_, false);
        auto started = std::chrono::steady_clock::now();
        if (PQenterPipelineMode(conn_) != 1) throw ServiceUnavailable(Msg("api.db.postgres_lost"));
        bool sent = !with_begin || PQsendQueryParams(conn_, "BEGIN", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
        auto send_prepared = [this](const Prepared& p, const Bound& b) {
            auto values = b.values();
            return PQsendQueryPrepared(conn_, p.second.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                                       nullptr, 0) == 1;
        };
        for (const auto& d : batch) sent = sent && send_prepared(*d.statement, d.params);
        if (statement != nullptr)
            sent = sent && send_prepared(*statement, params);
        else
            sent = sent && PQsendQueryParams(conn_, std::string(sql).c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
        sent = sent && PQpipelineSync(conn_) == 1;
        std::vector<ResultPtr> results;
        // Results come as: each query's, then a null, and at last the sync point.
        for (int nulls_in_a_row = 0; sent;) {
            PGresult* r = PQgetResult(conn_);
            if (r == nullptr) {  // the end of one query's results; two in a row: nothing more is coming
                if (PQstatus(conn_) != CONNECTION_OK || ++nulls_in_a_row > 1) break;
                continue;
            }
            nulls_in_a_row = 0;
            if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
                PQclear(r);
                break;
            }
            results.emplace_back(r, &PQclear);
        }
        PQexitPipelineMode(conn_);
        auto took = std::chrono::steady_clock::now() - started;
        for (const auto& d : batch) observed(d.statement->first, took);
        if (!sent || results.size() != batch.size() + (with_begin ? 2 : 1))
            throw ServiceUnavailable(Msg("api.db.postgres_lost"));
        for (std::size_t i = 0; i + 1 < results.size(); ++i) check(results[i].get());
        return std::move(results.back());
    }

    // Prepared once per connection; found by the SQL text itself, without copying it.
    const Prepared& prepare(std::string_view sql, int nparams) {
        auto it = statements_.find(sql);
        if (it != statements_.end()) return *it;
        std::string name = fmt::format("s{}", statements_.size());  // not "s" + ...: GCC 12 bug 105651
        ResultPtr res(PQprepare(conn_, name.c_str(), std::string(sql).c_str(), nparams, nullptr), &PQclear);
        check(res.get());
        return *statements_.emplace(std::string(sql), std::move(name)).first;
    }

    void check(PGresult* res) {
        auto status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
        if (PQstatus(conn_) != CONNECTION_OK) throw ServiceUnavailable(Msg("api.db.postgres_lost"));
        const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
        std::string msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn_);
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
        std::string code = state ? state : "";
        if (code == "23505") throw ConstraintViolation(ConstraintViolation::Kind::unique, msg);
        if (code == "23514") throw ConstraintViolation(ConstraintViolation::Kind::check, msg);
        if (code == "23503") throw ConstraintViolation(ConstraintViolation::Kind::foreign_key, msg);
        if (code == "23502") throw ConstraintViolation(ConstraintViolation::Kind::not_null, msg);
        if (code.starts_with("23")) throw ConstraintViolation(ConstraintViolation::Kind::other, msg);
        // Serialization failures, deadlocks, lock timeouts, shutdown: retryable, so 503.
        if (code == "40001" || code == "40P01" || code == "55P03" || code.starts_with("57"))
            throw ServiceUnavailable(Msg("api.db.busy"));
        throw DatabaseError("PostgreSQL error " + code + ": " + msg);
    }

    static Value cell(PGresult* res, int r, int c) {
        if (PQgetisnull(res, r, c)) return nullptr;
        const char* text = PQgetvalue(res, r, c);
        switch (PQftype(res, c)) {
            case kInt8:
            case kInt4:
            case kInt2: return static_cast<std::int64_t>(std::strtoll(text, nullptr, 10));
            case kFloat4:
            case kFloat8: return std::strtod(text, nullptr);
            case kBool: return static_cast<std::int64_t>(text[0] == 't' ? 1 : 0);
            default: return std::string(text, static_cast<std::size_t>(PQgetlength(res, r, c)));
        }
    }

    PGconn* conn_ = nullptr;
    std::unordered_map<std::string, std::string, TransparentStringHash, std::equal_to<>> statements_;
    bool begin_pending_ = false;       // BEGIN asked for, not sent yet
    std::vector<Deferred> deferred_;  // writes put off, not sent yet
};

class PostgresDatabase final : public Database {
public:
    explicit PostgresDatabase(const DatabaseConfig& config) : Database(config) {}

protected:
    std::unique_ptr<Connection> connect() override {
        return std::make_unique<PostgresConnection>(config().postgres_conninfo, config().schema);
    }
    const char* begin_statement() const override { return "BEGIN"; }
};

}  // namespace

std::unique_ptr<Database> open_postgres(const DatabaseConfig& config) {
    return std::make_unique<PostgresDatabase>(config);
}

}  // namespace rapidtrade::platform::db
