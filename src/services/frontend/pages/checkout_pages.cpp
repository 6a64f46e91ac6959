// "Valider votre commande": the order form (prefilled from the customer's saved address), its
// submission to the checkout service, and the confirmation page.
#include <chrono>
#include <ctime>

#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/order_view.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;
using platform::http::Verb;

namespace {

// Form fields and the message (its key in shop.json) shown next to each when the API refuses it.
struct FieldText {
    const char* api;
    const char* form;
    const char* message_key;
};
constexpr FieldText kFields[] = {
    {"email", "email", "shop.checkout.error.email"},
    {"shipping_address.full_name", "full_name", "shop.checkout.error.full_name"},
    {"shipping_address.street", "street", "shop.checkout.error.street"},
    {"shipping_address.city", "city", "shop.checkout.error.city"},
    {"shipping_address.postal_code", "postal_code", "shop.checkout.error.postal_code"},
    {"shipping_address.country", "postal_code", "shop.checkout.error.country"},
    {"card.holder", "card_holder", "shop.checkout.error.card_holder"},
    {"card.number", "card_number", "shop.checkout.error.card_number"},
    {"card.cvv", "cvv", "shop.checkout.error.cvv"},
    {"card.exp_month", "exp_month", "shop.checkout.error.exp_month"},
    {"card.exp_year", "exp_year", "shop.checkout.error.exp_year"},
};
constexpr const char* kKept[] = {"email", "full_name", "street", "city", "postal_code", "card_holder", "promo_code"};

int current_year() {
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm.tm_year + 1900;
}

// Where the shop delivers and for how much (GET /apis/shipping/countries, public, from the shipping
// rules), for the summary's table. Informative only: when the shipping service cannot say, the page
// is shown without it.
mustache::list destinations(Frontend& f, platform::i18n::Language language) {
    mustache::list out;
    try {
        auto res = f.api.get("shipping", Target{"apis", "shipping", "countries"});
        if (res.status != 200) return out;
        auto body = res.json();  // held: the loop reads into it
        for (const auto& d : body.at("items").as_array()) {
            mustache::data dd;
            dd.set("name", std::string(d.at("name").as_string()));
            dd.set("price", price(language, d.at("cost")));
            out.push_back(dd);
        }
    } catch (const std::exception& e) {
        platform::log::warn("shipping_destinations_unavailable", {{"error", e.what()}});
        return {};
    }
    return out;
}

struct CheckoutForm {
    Form values;
    std::map<std::string, std::string> errors;  // form field -> message
    std::string general_error;
};

Response show_form(Frontend& f, Session& s, const CheckoutForm& form, unsigned status) {
    refresh_if_needed(f, s);
    if (s.cart_id.empty()) return f.views.redirect(s, Target{"panier"});
    auto cart = f.api.get("cart", Target{"apis", "carts", s.cart_id}, s.access_token);
    if (cart.status != 200 || cart.json().at("lines").as_array().empty()) return f.views.redirect(s, Target{"panier"});
    auto c = cart.json().as_object();
    mustache::data d;
    // The card number and CVV are never written back into a page.
    for (const char* k : kKept) d.set(k, field(form.values, k));
    for (const auto& ft : kFields) {
        d.set(std::string(ft.form) + "_error", std::string());
        d.set(std::string(ft.form) + "_invalid", flag(false));
    }
    for (const auto& [k, message] : form.errors) {
        d.set(k + "_error", message);
        d.set(k + "_invalid", flag(true));  // aria-invalid: assistive technology announces the field as wrong
    }
    d.set("general_error", form.general_error);
    d.set("has_general_error", flag(!form.general_error.empty()));
    d.set("logged_in", flag(s.logged_in()));
    d.set("order_key", platform::random_token(18));  // a fresh key for every form shown: safe double-clicks
    mustache::list months, years;
    auto month = field(form.values, "exp_month"), year = field(form.values, "exp_year");
    for (int m = 1; m <= 12; ++m) {
        mustache::data md;
        md.set("value", std::to_string(m));
        md.set("label", msg(s, "shop.checkout.month." + std::to_string(m)));
        md.set("selected", flag(month == std::to_string(m)));
        months.push_back(md);
    }
    for (int y = current_year(); y <= current_year() + 10; ++y) {
        mustache::data yd;
        yd.set("value", std::to_string(y));
        yd.set("selected", flag(year == std::to_string(y)));
        years.push_back(yd);
    }
    d.set("months", months);
    d.set("years", years);
    mustache::list lines;
    for (const auto& l : c.at("lines").as_array()) {
        mustache::data ld;
        ld.set("name", localized(s.language, l.as_object(), "name"));
        ld.set("quantity", std::to_string(l.at("quantity").as_int64()));
        ld.set("line_total", price(s.language, l.at("line_total")));
        lines.push_back(ld);
    }
    d.set("lines", lines);
    d.set("subtotal", price(s.language, c.at("subtotal")));
    auto shipping = destinations(f, s.language);
    d.set("has_destinations", flag(!shipping.empty()));
    d.set("destinations", shipping);
    return f.views.page(s, "checkout", d, msg(s, "shop.checkout.title") + " | E-Design", status);
}

}  // namespace

// GET /commande: prefilled from the customer's profile and first saved address.
Response checkout_page(Frontend& f, const Request&, Session& s) {
    CheckoutForm form;
    refresh_if_needed(f, s);
    if (s.logged_in()) {
        auto me = f.api.get("customers", Target{"apis", "customers", "me"}, s.access_token);
        if (me.status == 200) {
            auto m = me.json().as_object();
            form.values["email"] = std::string(m.at("email").as_string());
            form.values["full_name"] = std::string(m.at("first_name").as_string()) + " " + std::string(m.at("last_name").as_string());
            form.values["card_holder"] = form.values["full_name"];
        }
        auto addresses = f.api.get("customers", Target{"apis", "customers", "me", "addresses"}, s.access_token);
        auto book = addresses.status == 200 ? addresses.json() : boost::json::value(boost::json::object{{"items", boost::json::array{}}});
        if (!book.at("items").as_array().empty()) {
            const auto& a = book.at("items").as_array()[0].as_object();
            for (const char* k : {"full_name", "street", "city", "postal_code"}) form.values[k] = std::string(a.at(k).as_string());
        }
    }
    return show_form(f, s, form, 200);
}

// POST /commande: the order, through the checkout service.
Response checkout_submit(Frontend& f, const Request& r, Session& s) {
    CheckoutForm form{read_form(r), {}, {}};
    check_csrf(form.values, s);
    // The form's own key (shown with it): becomes the Idempotency-Key, so only its shape passes.
    auto key = field(form.values, "order_key");
    if (!platform::is_random_token(key, 18))
        return bad_request_page(f, s, msg(s, "shop.checkout.error.form"));
    refresh_if_needed(f, s);
    if (s.cart_id.empty()) return f.views.redirect(s, Target{"panier"});
    auto number_of = [&](const char* k) -> boost::json::value {
        try {
            return static_cast<std::int64_t>(std::stoi(field(form.values, k)));
        } catch (...) {
            return nullptr;
        }
    };
    std::string email = field(form.values, "email");
    if (s.logged_in()) {
        auto me = f.api.get("customers", Target{"apis", "customers", "me"}, s.access_token);
        if (me.status == 200) email = std::string(me.json().at("email").as_string());
    }
    boost::json::object body{
        {"cart_id", s.cart_id},
        {"email", email},
        {"language", platform::i18n::code(s.language)},  // the e-mails about this order are in it
        {"shipping_address",
         {{"full_name", field(form.values, "full_name")}, {"street", field(form.values, "street")},
          {"city", field(form.values, "city")}, {"postal_code", field(form.values, "postal_code")}, {"country", "FR"}}},
        {"card",
         {{"holder", field(form.values, "card_holder")}, {"number", field(form.values, "card_number")},
          {"cvv", field(form.values, "cvv")}, {"exp_month", number_of("exp_month")}, {"exp_year", number_of("exp_year")}}}};
    auto promo = field(form.values, "promo_code");
    if (!promo.empty() && !platform::is_promo_code(promo)) {
        form.errors["promo_code"] = msg(s, "shop.checkout.error.promo_unknown");
        form.general_error = msg(s, "shop.form.check_fields");
        return show_form(f, s, form, 400);
    }
    if (!promo.empty()) body["promo_code"] = promo;
    ShopApi::Headers headers{{"Idempotency-Key", "web-" + key}};
    auto res = f.api.send("checkout", Verb::post, Target{"apis", "orders"}.slash(), body, s.access_token, headers);
    if (res.status == 201) {
        auto placed = res.json();
        auto reference = std::string(placed.at("reference").as_string());
        if (!platform::is_order_reference(reference)) throw platform::ServiceUnavailable(platform::Msg("api.upstream.refused", {{"service", "checkout"}}));
        s.last_order = reference;
        s.order_token = std::string(placed.at("access_token").as_string());
        s.cart_count = 0;
        s.changed = true;
        return f.views.redirect(s, Target{"commande", reference});
    }
    auto problem = ShopApi::problem_of(res);
    if (res.status == 402) {
        // The payment's reason -> (form field or "" for the whole form, message key).
        static const std::map<std::string, std::pair<std::string, std::string>> kReasons = {
            {"invalid_number", {"card_number", "shop.checkout.error.card_number"}},
            {"expired", {"exp_month", "shop.checkout.error.expired"}},
            {"invalid_cvv", {"cvv", "shop.checkout.error.cvv_mismatch"}},
            {"declined", {"", "shop.checkout.error.declined"}},
            {"insufficient_funds", {"", "shop.checkout.error.insufficient_funds"}},
        };
        auto it = kReasons.find(problem.reason);
        if (it != kReasons.end() && !it->second.first.empty()) form.errors[it->second.first] = msg(s, it->second.second);
        form.general_error = it != kReasons.end() && it->second.first.empty() ? msg(s, it->second.second)
                                                                               : msg(s, "shop.checkout.error.payment");
    } else if (res.status == 400 || res.status == 422) {
        for (const auto& [name, message] : problem.fields) {
            bool mapped = false;
            for (const auto& ft : kFields)
                if (name == ft.api) {
                    form.errors[ft.form] = msg(s, ft.message_key);
                    mapped = true;
                }
            if (name == "promo_code") {
                form.errors["promo_code"] = problem.reason == "promo_login_required"
                                                ? msg(s, "shop.checkout.error.promo_login")
                                                : msg(s, "shop.checkout.error.promo_unknown");
                mapped = true;
            }
            if (name == "cart_id") return f.views.redirect(s, Target{"panier"});
            if (!mapped && name.starts_with("lines"))
                form.general_error = msg(s, "shop.checkout.error.stock");
        }
        if (form.general_error.empty()) form.general_error = msg(s, "shop.form.check_fields");
    } else if (res.status == 404) {
        return f.views.redirect(s, Target{"panier"});
    } else {
        form.general_error = msg(s, "shop.checkout.error.failed");
    }
    return show_form(f, s, form, res.status == 402 ? 402 : res.status >= 500 ? 503 : 400);
}

// GET /commande/{reference}: the order just placed in this session, or one of the customer's.
Response confirmation_page(Frontend& f, const Request& r, Session& s) {
    const auto& reference = r.param("reference");
    if (!platform::is_order_reference(reference)) return not_found_page(f, s);
    refresh_if_needed(f, s);
    platform::http::ClientResponse res;
    Target order{"apis", "orders", reference};
    if (!s.last_order.empty() && s.last_order == reference && !s.order_token.empty())
        res = f.api.get("checkout", order, {}, {{"X-Order-Token", s.order_token}});
    else if (s.logged_in())
        res = f.api.get("checkout", order, s.access_token);
    if (res.status != 200) return not_found_page(f, s);
    auto d = order_details(s.language, res.json().as_object());
    d.set("mailbox", flag(f.mailbox_enabled()));
    return f.views.page(s, "confirmation", d, msg(s, "shop.confirmation.page_title") + " | E-Design");
}

}  // namespace rapidtrade::frontend
