#include "platform/db/database.hpp"

#include <charconv>

#include "platform/errors.hpp"

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
    for (;;) {
        if (!idle_.empty()) {
            auto c = std::move(idle_.back());
            idle_.pop_back();
            return Lease(this, std::move(c));
        }
        if (open_ < config_.pool_size) {
            ++open_;
            lock.unlock();
            try {
                return Lease(this, connect());
            } catch (...) {
                lock.lock();
                --open_;
                available_.notify_one();
                throw;
            }
        }
        if (available_.wait_for(lock, config_.acquire_timeout) == std::cv_status::timeout && idle_.empty() &&
            open_ >= config_.pool_size)
            throw ServiceUnavailable("the database is busy: no connection became free in time");
    }
}

void Database::release(std::unique_ptr<Connection> c) {
    std::lock_guard lock(mutex_);
    if (c->healthy()) {
        idle_.push_back(std::move(c));
    } else {
        --open_;
    }
    available_.notify_one();
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
