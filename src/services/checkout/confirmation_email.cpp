#include "services/checkout/confirmation_email.hpp"

#include "platform/i18n/format.hpp"
#include "platform/i18n/messages.hpp"
#include "services/checkout/assets.hpp"

namespace rapidtrade::checkout {
namespace {

namespace mustache = kainjow::mustache;
using platform::i18n::format_money;
using platform::i18n::message;

mustache::data values_of(const Order& o) {
    const auto lang = o.language;
    const auto& a = o.shipping_address;
    mustache::data d;
    d.set("full_name", a.full_name);
    d.set("street", a.street);
    d.set("postal_code", a.postal_code);
    d.set("city", a.city);
    d.set("country", a.country);
    d.set("shipping_service", o.shipping_service);
    d.set("reference", o.reference);
    d.set("date", platform::i18n::format_date(lang, o.created_at));
    mustache::data lines{mustache::data::type::list};
    for (const auto& l : o.lines) {
        mustache::data line;
        line.set("product_id", l.product_id);
        line.set("name", l.name);
        line.set("quantity", std::to_string(l.quantity));
        line.set("unit_price", format_money(lang, l.unit_price));
        line.set("line_total", format_money(lang, l.line_total));
        lines.push_back(line);
    }
    d.set("lines", lines);
    d.set("subtotal", format_money(lang, o.subtotal));
    if (o.discount > 0) {
        mustache::data discount;
        auto percent = std::to_string(o.promo_percent);
        discount.set("label", o.promo_code ? message(lang, "email.discount.with_code",
                                                     {{"code", *o.promo_code}, {"percent", percent}})
                                           : message(lang, "email.discount"));
        discount.set("amount", format_money(lang, o.discount));
        d.set("discount", discount);
    } else {
        d.set("discount", mustache::data::type::bool_false);
    }
    d.set("shipping", format_money(lang, o.shipping));
    d.set("total", format_money(lang, o.total));
    d.set("card_brand", o.card_brand);
    d.set("card_last4", o.card_last4);
    return d;
}

}  // namespace

EmailContent confirmation_email(const Order& o) {
    return render_email(o, "confirmation", message(o.language, "email.confirmation.subject", {{"reference", o.reference}}),
                        values_of(o));
}

EmailContent render_email(const Order& order, const std::string& name, std::string subject, mustache::data values) {
    return platform::render_email(embedded_files(), name, order.language, std::move(subject), std::move(values));
}

}  // namespace rapidtrade::checkout
