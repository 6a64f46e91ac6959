#include "services/checkout/status_emails.hpp"

#include "platform/i18n/format.hpp"
#include "platform/i18n/messages.hpp"

namespace rapidtrade::checkout {
namespace {

namespace mustache = kainjow::mustache;
using platform::i18n::format_money;
using platform::i18n::message;

// What every one of them shows: who, which order, what it held.
mustache::data common(const Order& o) {
    mustache::data d;
    d.set("full_name", o.shipping_address.full_name);
    d.set("reference", o.reference);
    d.set("date", platform::i18n::format_date(o.language, o.created_at));
    mustache::data lines{mustache::data::type::list};
    for (const auto& l : o.lines) {
        mustache::data line;
        line.set("name", l.name);
        line.set("quantity", std::to_string(l.quantity));
        lines.push_back(line);
    }
    d.set("lines", lines);
    d.set("total", format_money(o.language, o.total));
    return d;
}

std::string subject(const Order& o, std::string_view key) {
    return message(o.language, key, {{"reference", o.reference}});
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
    return render_email(o, "shipped", subject(o, "email.shipped.subject"), std::move(d));
}

EmailContent delivered_email(const Order& o) {
    return render_email(o, "delivered", subject(o, "email.delivered.subject"), common(o));
}

EmailContent cancelled_email(const Order& o) {
    auto d = common(o);
    d.set("refund", format_money(o.language, o.total));
    d.set("card_brand", o.card_brand);
    d.set("card_last4", o.card_last4);
    d.set("reason", o.cancel_reason.value_or(""));
    return render_email(o, "cancelled", subject(o, "email.cancelled.subject"), std::move(d));
}

}  // namespace rapidtrade::checkout
