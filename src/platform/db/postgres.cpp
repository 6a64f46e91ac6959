// PostgreSQL back end over libpq: server-side prepared statements cached per connection, each
// service in its own schema (search_path) so one database can also hold every service.
#include <libpq-fe.h>

#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "platform/db/database.hpp"
#include "platform/errors.hpp"

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
        if (begin_pending_ && (sql == "COMMIT" || sql == "ROLLBACK")) {
            begin_pending_ = false;  // an empty transaction: nothing was sent, nothing to end
            return {};
        }
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        for (std::size_t i = 0; i < params.size(); ++i) {
            const auto& v = params[i];
            if (std::holds_alternative<std::nullptr_t>(v)) continue;
            if (auto p = std::get_if<std::int64_t>(&v)) texts[i] = std::to_string(*p);
            else if (auto p = std::get_if<double>(&v)) texts[i] = std::to_string(*p);
            else texts[i] = std::get<std::string>(v);
            values[i] = texts[i].c_str();
        }
        ResultPtr res(nullptr, &PQclear);
        if (is_transaction_control(sql)) {
            res.reset(PQexec(conn_, std::string(sql).c_str()));
        } else {
            const std::string& name = prepare(sql, static_cast<int>(params.size()));
            if (begin_pending_) {
                begin_pending_ = false;
                res = begin_and_execute(name, static_cast<int>(params.size()), values.data());
            } else {
                res.reset(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), values.data(), nullptr,
                                         nullptr, 0));
            }
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

    // BEGIN and the transaction's first statement in one round trip (libpq pipeline mode): a
    // transaction costs one exchange with the server less. Every result is read before leaving the
    // pipeline; a failed BEGIN is reported as such, the statement's own error otherwise.
    ResultPtr begin_and_execute(const std::string& name, int nparams, const char* const* values) {
        if (PQenterPipelineMode(conn_) != 1) throw ServiceUnavailable(Msg("api.db.postgres_lost"));
        bool sent = PQsendQueryParams(conn_, "BEGIN", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1 &&
                    PQsendQueryPrepared(conn_, name.c_str(), nparams, values, nullptr, nullptr, 0) == 1 &&
                    PQpipelineSync(conn_) == 1;
        ResultPtr begin(nullptr, &PQclear), statement(nullptr, &PQclear);
        // Results come as: BEGIN's, a null, the statement's, a null, then the sync point.
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
            if (!begin) begin.reset(r);
            else if (!statement) statement.reset(r);
            else PQclear(r);
        }
        PQexitPipelineMode(conn_);
        if (!sent || !begin) throw ServiceUnavailable(Msg("api.db.postgres_lost"));
        check(begin.get());
        return statement ? std::move(statement) : ResultPtr(nullptr, &PQclear);
    }

    const std::string& prepare(std::string_view sql, int nparams) {
        auto it = statements_.find(std::string(sql));
        if (it != statements_.end()) return it->second;
        std::string name = fmt::format("s{}", statements_.size());  // not "s" + ...: GCC 12 bug 105651
        ResultPtr res(PQprepare(conn_, name.c_str(), std::string(sql).c_str(), nparams, nullptr), &PQclear);
        check(res.get());
        return statements_.emplace(std::string(sql), std::move(name)).first->second;
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
    std::unordered_map<std::string, std::string> statements_;
    bool begin_pending_ = false;  // BEGIN asked for, not sent yet
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
