#pragma once
// Shipments as the store keeps them, quotes and destinations, and their JSON shapes on the wire.
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "platform/i18n/language.hpp"
#include "services/shipping/rules.hpp"

namespace rapidtrade::shipping {

struct Shipment {
    std::string tracking_id;
    std::string order_reference;
    std::string service;
    std::string country;
    std::int64_t cost_cents = 0;
    std::string status;
    std::string created_at;
};

// The price of a delivery to `country`.
struct Quote {
    std::string country;
    Rate rate;
};

// A country the shop delivers to, with its name in the reader's language.
struct Destination {
    std::string country;
    std::string name;
    Rate rate;
};

// {tracking_id, order_reference, service, country, cost, status, created_at}
boost::json::object to_json(const Shipment& s);
// {cost, service, estimated_days, country}
boost::json::object to_json(const Quote& q);
// {country, name, cost, cost_formatted, estimated_days}: the cost written as a reader of `language`
// writes it ("12,90 €" / "€12.90").
boost::json::object to_json(const Destination& d, platform::i18n::Language language);

}  // namespace rapidtrade::shipping
