#include "services/checkout/status_emails.hpp"

#include "platform/clock.hpp"
#include "platform/money.hpp"

namespace rapidtrade::checkout {
namespace {

namespace mustache = kainjow::mustache;

// What every one of them shows: who, which order, what it held.
mustache::data common(const Order& o) {
    mustache::data d;
    d.set("full_name", o.shipping_address.full_name);
    d.set("reference", o.reference);
    d.set("date", platform::french_date(o.created_at));
    mustache::data lines{mustache::data::type::list};
    for (const auto& l : o.lines) {
        mustache::data line;
        line.set("name", l.name);
        line.set("quantity", std::to_string(l.quantity));
        lines.push_back(line);
    }
    d.set("lines", lines);
    d.set("total", platform::format_eur(o.total));
    return d;
}

}  // namespace

EmailContent shipped_email(const Order& o) {
    auto d = common(o);
    const auto& a = o.shipping_address;
    d.set("carrier", o.carrier.value_or(""));
    d.set("tracking", o.carrier_tracking.value_or(""));
    d.set("street", a.street);
    d.set("postal_code", a.postal_code);
    d.set("city", a.city);
    d.set("country", a.country);
    return render_email("shipped", "Votre commande " + o.reference + " a été expédiée", std::move(d));
}

EmailContent delivered_email(const Order& o) {
    return render_email("delivered", "Votre commande " + o.reference + " a été livrée", common(o));
}

EmailContent cancelled_email(const Order& o) {
    auto d = common(o);
    d.set("refund", platform::format_eur(o.total));
    d.set("card_brand", o.card_brand);
    d.set("card_last4", o.card_last4);
    d.set("reason", o.cancel_reason.value_or(""));
    return render_email("cancelled", "Annulation de votre commande " + o.reference, std::move(d));
}

}  // namespace rapidtrade::checkout
