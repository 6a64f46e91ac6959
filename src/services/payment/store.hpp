#pragma once
// Charges, looked up by id or by the Idempotency-Key they were made with.
#include <optional>
#include <string>

#include "platform/db/database.hpp"
#include "services/payment/model.hpp"

namespace rapidtrade::payment {

class ChargeStore {
public:
    explicit ChargeStore(platform::db::Database& db) : db_(db) {}
    // Stores a charge; with an idempotency key already used, returns the first charge instead.
    Charge record(Charge c, const std::string& idempotency_key, const std::string& description);
    std::optional<Charge> by_key(const std::string& idempotency_key);
    std::optional<Charge> find(const std::string& id);
    // succeeded -> refunded; returns the charge after (unchanged if already refunded), nullopt if unknown.
    std::optional<Charge> refund(const std::string& id);

private:
    platform::db::Database& db_;
};

}  // namespace rapidtrade::payment
