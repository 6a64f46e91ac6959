// Log-in (the guest cart joins the customer's), log-out, sign-up, "Mes commandes".
#include "platform/auth/jwt.hpp"
#include "platform/errors.hpp"
#include "platform/i18n/language.hpp"
#include "platform/ids.hpp"
#include "platform/money.hpp"
#include "platform/service.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/order_view.hpp"
#include "services/frontend/throttled.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;
using platform::http::Verb;

namespace {

// The tokens of a successful log-in go into the session; the guest cart merges into the
// customer's own cart.
bool is_staff_token(Frontend& f, const std::string& access_token) {
    try {
        return platform::is_staff(f.tokens.verify(access_token));
    } catch (const std::exception&) {
        return false;
    }
}

// Starts the logged-in session; true for a member of the staff (their token's roles, checked once).
bool start_session(Frontend& f, Session& s, const boost::json::object& tokens) {
    // A new session at log-in: nothing of the guest's but the cart, and a new CSRF token (one
    // planted before log-in is worth nothing after).
    s.csrf = platform::random_token(24);
    s.last_order.clear();
    s.order_token.clear();
    s.access_token = std::string(tokens.at("access_token").as_string());
    s.refresh_token = std::string(tokens.at("refresh_token").as_string());
    s.customer_id = std::string(tokens.at("customer_id").as_string());
    if (is_staff_token(f, s.access_token)) {
        // A member of the staff has no customer profile nor cart: the back-office is their page.
        s.first_name = msg(s, "shop.layout.staff");
        s.changed = true;
        return true;
    }
    auto me = f.api.get("customers", Target{"apis", "customers", "me"}, s.access_token);
    s.first_name = me.status == 200 ? std::string(me.json().at("first_name").as_string()) : std::string();
    // The profile's language (issue 17) follows the customer to every device.
    if (me.status == 200) {
        auto profile = me.json();
        if (const auto* language = profile.as_object().if_contains("language"); language && language->is_string())
            if (auto parsed = platform::i18n::parse_language(language->as_string())) s.language = *parsed;
    }
    auto guest_cart = s.cart_id;
    auto own = f.api.send("cart", Verb::post, Target{"apis", "carts"}.slash(), boost::json::object{}, s.access_token);
    if (own.status == 200 || own.status == 201) {
        s.cart_id = std::string(own.json().at("id").as_string());
        if (!guest_cart.empty() && guest_cart != s.cart_id)
            f.api.send("cart", Verb::post, Target{"apis", "carts", s.cart_id, "merge"}, {{"from_cart_id", guest_cart}},
                       s.access_token);
    }
    recount_cart(f, s);
    s.changed = true;
    return false;
}

Response login_form(Frontend& f, Session& s, const std::string& email, const std::string& error, unsigned status) {
    mustache::data d;
    d.set("email", email);
    d.set("error", error);
    d.set("has_error", flag(!error.empty()));
    return f.views.page(s, "login", d, msg(s, "shop.login.title") + " | E-Design", status);
}

struct SignupField {
    const char* name;
    const char* message_key;
};
// The message (its key in shop.json) next to each field of the sign-up form.
constexpr SignupField kSignupFields[] = {
    {"email", "shop.signup.error.email"},
    {"password", "shop.signup.error.password"},
    {"first_name", "shop.signup.error.first_name"},
    {"last_name", "shop.signup.error.last_name"},
};

Response signup_form(Frontend& f, Session& s, const Form& form, const std::vector<std::string>& bad_fields,
                     const std::string& error, unsigned status) {
    mustache::data d;
    for (const char* k : {"email", "first_name", "last_name"}) d.set(k, field(form, k));
    for (const auto& sf : kSignupFields) {
        bool bad = std::find(bad_fields.begin(), bad_fields.end(), sf.name) != bad_fields.end();
        d.set(std::string(sf.name) + "_error", bad ? msg(s, sf.message_key) : std::string());
        d.set(std::string(sf.name) + "_invalid", flag(bad));  // aria-invalid on the field
    }
    d.set("error", error);
    d.set("has_error", flag(!error.empty()));
    return f.views.page(s, "signup", d, msg(s, "shop.signup.title") + " | E-Design", status);
}

}  // namespace

Response login_page(Frontend& f, const Request&, Session& s) { return login_form(f, s, "", "", 200); }

// POST /connexion {email, password, csrf}
Response login_submit(Frontend& f, const Request& r, Session& s) {
    auto form = read_form(r);
    check_csrf(form, s);
    auto email = field(form, "email");
    auto res = f.api.send("auth", Verb::post, Target{"apis", "auth", "token"}, {{"email", email}, {"password", field(form, "password")}},
                          {}, {{"X-Client-Address", r.client_address}});
    if (res.status == 429)
        return throttled_page(
            login_form(f, s, email, msg(s, "shop.login.error.too_many", {{"wait", wait_words(s.language, res.retry_after)}}), 429),
            res);
    if (res.status == 400) return login_form(f, s, email, msg(s, "shop.login.error.missing"), 400);
    if (res.status != 200) return login_form(f, s, email, msg(s, "shop.login.error.wrong"), 401);
    if (start_session(f, s, res.json().as_object())) {
        s.flash = msg(s, "shop.flash.staff_logged_in");
        return f.views.redirect(s, Target{"admin"}.slash());
    }
    s.flash = msg(s, "shop.flash.logged_in", {{"first_name", s.first_name}});
    return f.views.redirect(s, Target{});
}

// POST /deconnexion {csrf}
Response logout_submit(Frontend& f, const Request& r, Session& s) {
    auto form = read_form(r);
    check_csrf(form, s);
    if (!s.refresh_token.empty()) {
        f.liveness.ended(s.refresh_token);  // at once on this replica; the others ask auth
        f.api.send("auth", Verb::post, Target{"apis", "auth", "logout"}, {{"refresh_token", s.refresh_token}});
    }
    end_login(s, msg(s, "shop.flash.logged_out"));
    return f.views.redirect(s, Target{});
}

Response signup_page(Frontend& f, const Request&, Session& s) { return signup_form(f, s, {}, {}, "", 200); }

// POST /inscription {email, password, first_name, last_name, csrf}: creates the account, then logs in.
Response signup_submit(Frontend& f, const Request& r, Session& s) {
    auto form = read_form(r);
    check_csrf(form, s);
    auto res = f.api.send("customers", Verb::post, Target{"apis", "customers"}.slash(),
                          {{"email", field(form, "email")},
                           {"password", form.contains("password") ? form.at("password") : std::string()},
                           {"first_name", field(form, "first_name")},
                           {"last_name", field(form, "last_name")},
                           {"language", platform::i18n::code(s.language)}});
    if (res.status == 409) return signup_form(f, s, form, {"email"}, msg(s, "shop.signup.error.taken"), 409);
    if (res.status != 201) {
        std::vector<std::string> bad;
        for (const auto& [name, message] : ShopApi::problem_of(res).fields) bad.push_back(name);
        return signup_form(f, s, form, bad, msg(s, "shop.form.check_fields"), 400);
    }
    auto login = f.api.send("auth", Verb::post, Target{"apis", "auth", "token"},
                            {{"email", field(form, "email")}, {"password", form.at("password")}}, {},
                            {{"X-Client-Address", r.client_address}});
    if (login.status == 200) start_session(f, s, login.json().as_object());
    s.flash = msg(s, "shop.flash.welcome", {{"first_name", field(form, "first_name")}});
    s.changed = true;
    return f.views.redirect(s, Target{});
}

// GET /mes-commandes
Response orders_page(Frontend& f, const Request&, Session& s) {
    refresh_if_needed(f, s);
    if (!s.logged_in()) {
        s.flash = msg(s, "shop.flash.login_for_orders");
        s.changed = true;
        return f.views.redirect(s, Target{"connexion"});
    }
    // The orders API lists every order of the shop to a staff token: the account's own id, from its
    // token, narrows the list to its own orders (a customer's token is already limited to them).
    auto target = Target{"apis", "orders"}.slash().query("per_page", 50);
    platform::auth::TokenError error;
    auto token = platform::auth::decode_token(s.access_token, error);
    const auto* sub = token ? token->payload.if_contains("sub") : nullptr;
    if (sub == nullptr || !sub->is_string() || sub->as_string().empty())
        throw platform::ServiceUnavailable(platform::Msg("api.account.token_no_account"));
    target.query("customer_id", std::string(sub->as_string()));
    auto res = f.api.get("checkout", target, s.access_token);
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.refused", {{"service", "orders"}}));
    mustache::list orders;
    auto list = res.json();  // kept alive: the loop walks inside it
    for (const auto& o : list.at("items").as_array()) orders.push_back(order_summary(s.language, o.as_object()));
    mustache::data d;
    d.set("orders", orders);
    d.set("empty", flag(orders.empty()));
    return f.views.page(s, "orders", d, msg(s, "shop.orders.title") + " | E-Design");
}

// GET /mes-commandes/{reference}
Response order_page(Frontend& f, const Request& r, Session& s) {
    refresh_if_needed(f, s);
    if (!s.logged_in()) return f.views.redirect(s, Target{"connexion"});
    if (!platform::is_order_reference(r.param("reference"))) return not_found_page(f, s);
    auto res = f.api.get("checkout", Target{"apis", "orders", r.param("reference")}, s.access_token);
    if (res.status != 200) return not_found_page(f, s);
    auto d = order_details(s.language, res.json().as_object());
    return f.views.page(s, "order", d, msg(s, "shop.order.title", {{"reference", r.param("reference")}}) + " | E-Design");
}

}  // namespace rapidtrade::frontend
