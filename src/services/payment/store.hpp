#pragma once
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "platform/db/database.hpp"

namespace rapidtrade::payment {

struct Charge {
    std::string id;
    std::int64_t amount = 0;
    std::string currency = "EUR";
    std::string brand;
    std::string last4;
    std::string status;  // succeeded, failed, refunded
    std::string failure_reason;
    std::string created_at;
};

boost::json::object to_json(const Charge& c);

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
