#pragma once
// A charge as the store keeps it, and its JSON on the wire. A refund is not a record of its own: it
// turns a succeeded charge into a refunded one.
#include <cstdint>
#include <string>

#include <boost/json/object.hpp>

namespace rapidtrade::payment {

// Only what may be kept about a card: brand and last 4 digits, never the number or the CVV.
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

}  // namespace rapidtrade::payment
