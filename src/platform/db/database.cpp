#include "platform/db/database.hpp"

#include <cctype>
#include <charconv>
#include <chrono>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>

#include "platform/errors.hpp"
#include "platform/metrics.hpp"

namespace rapidtrade::platform::db {

std::unique_ptr<Database> open_sqlite(const DatabaseConfig& config);
std::unique_ptr<Database> open_postgres(const DatabaseConfig& config);

std::int64_t Row::i64(std::size_t i) const {
    const auto& v = cells_.at(i);
    if (auto p = std::get_if<std::int64_t>(&v)) return *p;
    if (auto p = std::get_if<double>(&v)) return static_cast<std::int64_t>(*p);
    if (auto p = std::get_if<std::string>(&v)) {
        std::int64_t out = 0;
        std::from_chars(p->data(), p->data() + p->size(), out);
        return out;
    }
    return 0;
}

double Row::f64(std::size_t i) const {
    const auto& v = cells_.at(i);
    if (auto p = std::get_if<double>(&v)) return *p;
    if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
    if (auto p = std::get_if<std::string>(&v)) return std::stod(*p);
    return 0;
}

std::string Row::str(std::size_t i) const {
    const auto& v = cells_.at(i);
    if (auto p = std::get_if<std::string>(&v)) return *p;
    if (auto p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
    if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
    return {};
}

std::optional<std::string> Row::opt_str(std::size_t i) const {
    if (is_null(i)) return std::nullopt;
    return str(i);
}

std::unique_ptr<Database> Database::open(const DatabaseConfig& config) {
    return config.backend == Backend::sqlite ? open_sqlite(config) : open_postgres(config);
}

Database::~Database() = default;

Database::Lease::~Lease() {
    if (db_ != nullptr && conn_) db_->release(std::move(conn_));
}

Database::Lease Database::acquire() {
    std::unique_lock lock(mutex_);
    bool waited = false;
    auto leased = [&](std::unique_ptr<Connection> c) {
        c->observe(observer_.get());
        if (in_use_ != nullptr) static_cast<prometheus::Gauge*>(in_use_)->Increment();
        if (waited && waits_ != nullptr) static_cast<prometheus::Counter*>(waits_)->Increment();
        return Lease(this, std::move(c));
    };
    for (;;) {
        if (!idle_.empty()) {
            auto c = std::move(idle_.back());
            idle_.pop_back();
            return leased(std::move(c));
        }
        if (open_ < config_.pool_size) {
            ++open_;
            lock.unlock();
            try {
                return leased(connect());
            } catch (...) {
                lock.lock();
                --open_;
                available_.notify_one();
                throw;
            }
        }
        waited = true;
        if (available_.wait_for(lock, config_.acquire_timeout) == std::cv_status::timeout && idle_.empty() &&
            open_ >= config_.pool_size)
            throw ServiceUnavailable(Msg("api.db.no_connection_free"));
    }
}

void Database::release(std::unique_ptr<Connection> c) {
    if (in_use_ != nullptr) static_cast<prometheus::Gauge*>(in_use_)->Decrement();
    std::lock_guard lock(mutex_);
    if (c->healthy()) {
        idle_.push_back(std::move(c));
    } else {
        --open_;
    }
    available_.notify_one();
}

void Database::observe(Metrics& metrics, std::string service) {
    std::lock_guard lock(mutex_);
    in_use_ = &metrics.gauge("rapidtrade_db_connections_in_use", "Database connections lent out, by service",
                             {{"service", service}});
    waits_ = &metrics.counter("rapidtrade_db_pool_waits_total",
                              "Times a request waited for a free database connection", {{"service", service}});
    observer_ = std::make_unique<QueryObserver>(QueryObserver{&metrics, std::move(service)});
}

std::string placeholder_list(std::size_t first, std::size_t count) {
    std::string out;
    for (std::size_t n = first; n < first + count; ++n) out += (out.empty() ? "$" : ", $") + std::to_string(n);
    return out;
}

std::string query_name(std::string_view sql) {
    auto word_at = [&](std::size_t pos) {
        while (pos < sql.size() && (sql[pos] == ' ' || sql[pos] == '\n' || sql[pos] == '(')) ++pos;
        auto end = pos;
        while (end < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[end])) || sql[end] == '_')) ++end;
        std::string w(sql.substr(pos, end - pos));
        for (auto& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return std::pair{w, end};
    };
    auto [verb, after] = word_at(0);
    std::string upper(sql);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::size_t at = std::string::npos;
    if (verb == "select") at = upper.find(" FROM ");
    else if (verb == "insert") at = upper.find(" INTO ");
    else if (verb == "update") at = after;
    else if (verb == "delete") at = upper.find(" FROM ");
    if (at == std::string::npos) return verb;
    auto skip = verb == "update" ? 0 : 6;
    return verb + " " + word_at(at + skip).first;
}

Result Connection::execute(std::string_view sql, std::span<const Value> params) {
    if (observer_ == nullptr) return run(sql, params);
    auto started = std::chrono::steady_clock::now();
    auto result = run(sql, params);
    observed(sql, std::chrono::steady_clock::now() - started);
    return result;
}

void Connection::observed(std::string_view sql, std::chrono::steady_clock::duration took) {
    if (observer_ == nullptr) return;
    auto known = histograms_.find(sql);
    if (known == histograms_.end()) {
        auto* histogram = &observer_->metrics->histogram("rapidtrade_db_query_duration_seconds",
                                                         "Database statement time, by service and statement",
                                                         {{"service", observer_->service}, {"query", query_name(sql)}});
        known = histograms_.emplace(std::string(sql), histogram).first;
    }
    known->second->Observe(std::chrono::duration<double>(took).count());
}

bool Database::ping() {
    try {
        auto conn = acquire();
        conn->query("SELECT 1");
        return true;
    } catch (...) {
        return false;
    }
}

}  // namespace rapidtrade::platform::db
