#include "services/checkout/confirmation_email.hpp"

#include <memory>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include "platform/clock.hpp"
#include "platform/money.hpp"
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

// Each thread compiles each template once (rendering a kainjow template is not thread-safe).
mustache::mustache& compiled(const std::string& name) {
    thread_local std::unordered_map<std::string, std::unique_ptr<mustache::mustache>> cache;
    auto& slot = cache[name];
    if (!slot) {
        auto text = platform::find_embedded(embedded_files(), "templates/" + name + ".mustache");
        if (!text) throw std::logic_error("no template " + name);
        bool html = name.ends_with(".html");
        slot = std::make_unique<mustache::mustache>(html ? without_layout(*text) : std::string(*text));
        if (!slot->is_valid()) throw std::logic_error("template " + name + ": " + slot->error_message());
        // &#39; for ', not Mustache's &apos;: that one is not HTML 4, which some mail clients
        // still read the HTML part as (they would show "&apos;" as is).
        if (html) slot->set_custom_escape([](const std::string& s) { return platform::html_escape(s); });
    }
    return *slot;
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
