#include "services/checkout/model.hpp"

#include <boost/json/parse.hpp>

#include "platform/history.hpp"

namespace rapidtrade::checkout {
namespace {

boost::json::object money(std::int64_t cents) { return {{"amount", cents}, {"currency", "EUR"}}; }

}  // namespace

boost::json::object to_json(const Order& o) {
    boost::json::array lines;
    for (const auto& l : o.lines)
        lines.push_back({{"product_id", l.product_id},
                         {"name", l.name},
                         {"unit_price", money(l.unit_price)},
                         {"quantity", l.quantity},
                         {"line_total", money(l.line_total)}});
    boost::json::object out{{"reference", o.reference},
                            {"status", o.status},
                            {"email", o.email},
                            {"lines", std::move(lines)},
                            {"subtotal", money(o.subtotal)},
                            {"discount", money(o.discount)},
                            {"shipping", money(o.shipping)},
                            {"total", money(o.total)},
                            {"shipping_address", platform::to_json(o.shipping_address)},
                            {"shipping_service", o.shipping_service},
                            {"payment", {{"brand", o.card_brand}, {"last4", o.card_last4}}},
                            {"created_at", o.created_at},
                            {"language", platform::i18n::code(o.language)}};
    out["customer_id"] = o.customer_id ? boost::json::value(*o.customer_id) : boost::json::value(nullptr);
    out["promo_code"] = o.promo_code ? boost::json::value(*o.promo_code) : boost::json::value(nullptr);
    out["tracking_id"] = o.tracking_id ? boost::json::value(*o.tracking_id) : boost::json::value(nullptr);
    auto opt = [](const std::optional<std::string>& v) { return v ? boost::json::value(*v) : boost::json::value(nullptr); };
    out["shipment"] = o.shipped_at ? boost::json::value({{"carrier", opt(o.carrier)},
                                                         {"tracking", opt(o.carrier_tracking)},
                                                         {"shipped_at", *o.shipped_at}})
                                   : boost::json::value(nullptr);
    out["delivered_at"] = opt(o.delivered_at);
    // The whole total goes back: the charge is refunded in full.
    out["cancellation"] = o.cancelled_at ? boost::json::value({{"reason", opt(o.cancel_reason)},
                                                               {"cancelled_at", *o.cancelled_at},
                                                               {"refund", money(o.total)},
                                                               {"refunded_at", opt(o.refunded_at)},
                                                               {"stock_returned_at", opt(o.stock_returned_at)}})
                                         : boost::json::value(nullptr);
    return out;
}

boost::json::object to_json(const OrderEvent& e) {
    boost::json::object out{{"at", e.at}, {"event", e.event}, {"status", e.status}};
    platform::put_staff_and_details(out, e.staff_id, e.staff_email, e.details);
    return out;
}

}  // namespace rapidtrade::checkout
