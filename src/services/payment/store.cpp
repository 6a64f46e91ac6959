#include "services/payment/store.hpp"

#include "platform/clock.hpp"
#include "platform/errors.hpp"
#include "services/payment/sql.hpp"

namespace rapidtrade::payment {
namespace {

std::optional<Charge> from(const platform::db::Result& r) {
    if (r.empty()) return std::nullopt;
    const auto& row = r[0];
    return Charge{row.str(0), row.i64(1), row.str(2), row.str(3), row.str(4), row.str(5), row.opt_str(6).value_or(""), row.str(7)};
}

std::optional<std::string> null_if_empty(const std::string& s) {
    return s.empty() ? std::optional<std::string>{} : std::optional<std::string>{s};
}

}  // namespace

Charge ChargeStore::record(Charge c, const std::string& key, const std::string& description) {
    c.created_at = platform::now_iso();
    try {
        db_.query(sql::kInsertCharge, c.id, null_if_empty(key), c.amount, c.currency, c.brand, c.last4, c.status,
                  null_if_empty(c.failure_reason), description, c.created_at);
    } catch (const platform::db::ConstraintViolation& e) {
        // The key was used already (a retry, or two requests racing): the first charge made with
        // it stands.
        if (e.kind() == platform::db::ConstraintViolation::Kind::unique && !key.empty())
            if (auto first = by_key(key)) return *first;
        throw;
    }
    return c;
}

std::optional<Charge> ChargeStore::by_key(const std::string& key) { return from(db_.query(sql::kChargeByKey, key)); }

std::optional<Charge> ChargeStore::find(const std::string& id) { return from(db_.query(sql::kFindCharge, id)); }

std::optional<Charge> ChargeStore::refund(const std::string& id) {
    db_.query(sql::kRefundCharge, id, platform::now_iso());
    return find(id);
}

}  // namespace rapidtrade::payment
