#include "services/checkout/confirmation_email.hpp"

#include <fmt/format.h>

#include "platform/clock.hpp"
#include "platform/money.hpp"
#include "services/checkout/assets.hpp"

namespace rapidtrade::checkout {
namespace {

namespace mustache = kainjow::mustache;
using platform::format_eur;

mustache::data values_of(const Order& o, const std::string& subject) {
    const auto& a = o.shipping_address;
    mustache::data d;
    d.set("subject", subject);
    d.set("full_name", a.full_name);
    d.set("street", a.street);
    d.set("postal_code", a.postal_code);
    d.set("city", a.city);
    d.set("country", a.country);
    d.set("shipping_service", o.shipping_service);
    d.set("reference", o.reference);
    d.set("date", platform::french_date(o.created_at));
    mustache::data lines{mustache::data::type::list};
    for (const auto& l : o.lines) {
        mustache::data line;
        line.set("product_id", l.product_id);
        line.set("name", l.name);
        line.set("quantity", std::to_string(l.quantity));
        line.set("unit_price", format_eur(l.unit_price));
        line.set("line_total", format_eur(l.line_total));
        lines.push_back(line);
    }
    d.set("lines", lines);
    d.set("subtotal", format_eur(o.subtotal));
    if (o.discount > 0) {
        mustache::data discount;
        discount.set("label", o.promo_code ? fmt::format("Remise {} (-{} %)", *o.promo_code, o.promo_percent)
                                           : std::string("Remise"));
        discount.set("amount", format_eur(o.discount));
        d.set("discount", discount);
    } else {
        d.set("discount", mustache::data::type::bool_false);
    }
    d.set("shipping", format_eur(o.shipping));
    d.set("total", format_eur(o.total));
    d.set("card_brand", o.card_brand);
    d.set("card_last4", o.card_last4);
    return d;
}

}  // namespace

EmailContent confirmation_email(const Order& o) {
    std::string subject = "Confirmation de votre commande " + o.reference + " chez RapidTrade Co.";
    return render_email("confirmation", subject, values_of(o, subject));
}

EmailContent render_email(const std::string& name, std::string subject, mustache::data values) {
    return platform::render_email(embedded_files(), name, std::move(subject), std::move(values));
}

}  // namespace rapidtrade::checkout
