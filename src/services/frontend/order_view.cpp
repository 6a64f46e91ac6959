#include "services/frontend/order_view.hpp"

#include <map>

#include "contracts/erasure.hpp"
#include "platform/i18n/format.hpp"
#include "platform/i18n/messages.hpp"
#include "platform/i18n/plural.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/order_status.hpp"

namespace rapidtrade::frontend {
namespace {

// A field of the delivery address; what stands in for an erased customer's (contracts/erasure.hpp:
// stored in French, the same in every service) is said in the page's language.
std::string address_field(platform::i18n::Language language, const boost::json::object& address, const char* field) {
    static const std::map<std::string, std::pair<std::string, const char*>> kErased{
        {"full_name", {contracts::erasure::kFullName, "shop.order.erased.full_name"}},
        {"street", {contracts::erasure::kStreet, "shop.order.erased.street"}},
        {"city", {contracts::erasure::kCity, "shop.order.erased.city"}},
    };
    auto value = text_of(address, field);
    if (auto it = kErased.find(field); it != kErased.end() && value == it->second.first)
        return platform::i18n::message(language, it->second.second);
    return value;
}

}  // namespace

mustache::data order_summary(platform::i18n::Language language, const boost::json::object& o) {
    mustache::data d;
    d.set("reference", text_of(o, "reference"));
    d.set("date", platform::i18n::format_date(language, text_of(o, "created_at")));
    d.set("total", price(language, o.at("total")));
    d.set("status", order_status_text(language, StatusWords::customer, text_of(o, "status")));
    std::int64_t items = 0;
    for (const auto& l : o.at("lines").as_array()) items += l.at("quantity").as_int64();
    auto count = std::to_string(items);
    d.set("items", platform::i18n::message(language, platform::i18n::counted_key(language, "shop.order.items", items),
                                           {{"count", count}}));
    return d;
}

mustache::data order_details(platform::i18n::Language language, const boost::json::object& o) {
    auto d = order_summary(language, o);
    mustache::list lines;
    for (const auto& l : o.at("lines").as_array()) {
        mustache::data ld;
        ld.set("product_id", text_of(l.as_object(), "product_id"));
        ld.set("name", localized(language, l.as_object(), "name"));
        ld.set("quantity", std::to_string(l.at("quantity").as_int64()));
        ld.set("unit_price", price(language, l.at("unit_price")));
        ld.set("line_total", price(language, l.at("line_total")));
        lines.push_back(ld);
    }
    d.set("lines", lines);
    d.set("subtotal", price(language, o.at("subtotal")));
    d.set("has_discount", flag(o.at("discount").at("amount").as_int64() > 0));
    d.set("discount", price(language, o.at("discount")));
    d.set("promo_code", text_of(o, "promo_code"));
    d.set("shipping", price(language, o.at("shipping")));
    d.set("email", text_of(o, "email"));
    const auto& a = o.at("shipping_address").as_object();
    for (const char* k : {"full_name", "street", "city", "postal_code", "country"}) d.set(k, address_field(language, a, k));
    d.set("service", text_of(o, "shipping_service"));
    d.set("tracking_id", text_of(o, "tracking_id"));
    d.set("card", text_of(o.at("payment").as_object(), "brand") + " •••• " + text_of(o.at("payment").as_object(), "last4"));
    return d;
}

}  // namespace rapidtrade::frontend
