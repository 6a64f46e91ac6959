#include "services/checkout/confirmation_email.hpp"

#include <fmt/format.h>

#include "platform/clock.hpp"
#include "platform/money.hpp"
#include "platform/templates.hpp"
#include "platform/text.hpp"
#include "services/checkout/assets.hpp"

namespace rapidtrade::checkout {
namespace {

namespace mustache = kainjow::mustache;
using platform::format_eur;

// The HTML template's line breaks and the indentation after them are layout only (the template
// says so): the mail itself is one line, as it always was.
std::string without_layout(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n') {
            out += text[i];
            continue;
        }
        while (i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\t')) ++i;
    }
    return out;
}

// The HTML part's values escaped to &#39; for ', not Mustache's &apos;: that one is not HTML 4,
// which some mail clients still read the HTML part as (they would show "&apos;" as is).
mustache::mustache& compiled(const std::string& name) {
    bool html = name.ends_with(".html");
    return platform::embedded_template(embedded_files(), "templates/" + name + ".mustache",
                                       html ? platform::TemplateOptions{without_layout, platform::html_escape}
                                            : platform::TemplateOptions{});
}

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
    EmailContent e;
    e.subject = "Confirmation de votre commande " + o.reference + " chez RapidTrade Co.";
    auto values = values_of(o, e.subject);
    e.text = compiled("confirmation.txt").render(values);
    e.html = compiled("confirmation.html").render(values);
    return e;
}

EmailContent render_email(const std::string& name, std::string subject, mustache::data values) {
    EmailContent e;
    e.subject = std::move(subject);
    values.set("subject", e.subject);
    e.text = compiled(name + ".txt").render(values);
    e.html = compiled(name + ".html").render(values);
    return e;
}

}  // namespace rapidtrade::checkout
