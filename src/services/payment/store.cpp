#include "platform/clock.hpp"
#include "services/payment/store.hpp"

#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "platform/errors.hpp"

namespace rapidtrade::payment {
namespace {

constexpr std::string_view kColumns = "id, amount, currency, brand, last4, status, failure_reason, created_at";


std::optional<Charge> from(const platform::db::Result& r) {
    if (r.empty()) return std::nullopt;
    const auto& row = r[0];
    return Charge{row.str(0), row.i64(1), row.str(2), row.str(3), row.str(4), row.str(5), row.opt_str(6).value_or(""), row.str(7)};
}

}  // namespace

boost::json::object to_json(const Charge& c) {
    boost::json::object o{{"id", c.id},
                          {"status", c.status},
                          {"brand", c.brand},
                          {"last4", c.last4},
                          {"amount", {{"amount", c.amount}, {"currency", c.currency}}},
                          {"created_at", c.created_at}};
    if (!c.failure_reason.empty()) o["failure_reason"] = c.failure_reason;
    return o;
}

Charge ChargeStore::record(Charge c, const std::string& key, const std::string& description) {
    c.created_at = platform::now_iso();
    try {
        db_.query("INSERT INTO charges (id, idempotency_key, amount, currency, brand, last4, status, failure_reason,"
                  " description, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                  c.id, key.empty() ? std::optional<std::string>{} : std::optional<std::string>{key}, c.amount,
                  c.currency, c.brand, c.last4, c.status,
                  c.failure_reason.empty() ? std::optional<std::string>{} : std::optional<std::string>{c.failure_reason},
                  description, c.created_at);
    } catch (const platform::db::ConstraintViolation& e) {
        // Two identical requests raced: the first one's charge stands.
        if (e.kind() == platform::db::ConstraintViolation::Kind::unique && !key.empty())
            if (auto first = by_key(key)) return *first;
        throw;
    }
    return c;
}

std::optional<Charge> ChargeStore::by_key(const std::string& key) {
    return from(db_.query(fmt::format("SELECT {} FROM charges WHERE idempotency_key = $1", kColumns), key));
}

std::optional<Charge> ChargeStore::find(const std::string& id) {
    return from(db_.query(fmt::format("SELECT {} FROM charges WHERE id = $1", kColumns), id));
}

std::optional<Charge> ChargeStore::refund(const std::string& id) {
    db_.query("UPDATE charges SET status = 'refunded', refunded_at = $2 WHERE id = $1 AND status = 'succeeded'", id,
              platform::now_iso());
    return find(id);
}

}  // namespace rapidtrade::payment
