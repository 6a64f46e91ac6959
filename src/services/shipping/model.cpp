#include "services/shipping/model.hpp"

#include "platform/i18n/format.hpp"

namespace rapidtrade::shipping {
namespace {

boost::json::object euros(std::int64_t cents) { return {{"amount", cents}, {"currency", "EUR"}}; }

}  // namespace

boost::json::object to_json(const Shipment& s) {
    return {{"tracking_id", s.tracking_id}, {"order_reference", s.order_reference}, {"service", s.service},
            {"country", s.country}, {"cost", euros(s.cost_cents)}, {"status", s.status}, {"created_at", s.created_at}};
}

boost::json::object to_json(const Quote& q) {
    return {{"cost", euros(q.rate.cost_cents)},
            {"service", ShippingRules::kService},
            {"estimated_days", q.rate.estimated_days},
            {"country", q.country}};
}

boost::json::object to_json(const Destination& d, platform::i18n::Language language) {
    return {{"country", d.country},
            {"name", d.name},
            {"cost", euros(d.rate.cost_cents)},
            {"cost_formatted", platform::i18n::format_money(language, d.rate.cost_cents)},
            {"estimated_days", d.rate.estimated_days}};
}

}  // namespace rapidtrade::shipping
