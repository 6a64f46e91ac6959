#pragma once
// What every page handler of the web shop shares.
#include <functional>
#include <string>
#include <string_view>

#include "platform/auth/token_verifier.hpp"
#include "platform/i18n/messages.hpp"
#include "services/frontend/forms.hpp"
#include "services/frontend/session.hpp"
#include "services/frontend/session_liveness.hpp"
#include "services/frontend/shop_api.hpp"
#include "services/frontend/views.hpp"

namespace rapidtrade::frontend {

// What the local mailbox (no SMTP_URL) shows: nothing (mails leave by SMTP), each customer their
// own mail, or every message to everyone (MAILBOX_SHOW_ALL=true: a demo, and the page says so).
enum class Mailbox { off, own, everyone };

struct Frontend {
    ShopApi& api;
    const SessionCodec& sessions;
    const Views& views;
    Mailbox mailbox;
    SessionLiveness& liveness;
    platform::auth::TokenVerifier& tokens;  // who is staff (the back-office pages)
    bool mailbox_enabled() const { return mailbox != Mailbox::off; }
};

using Page = std::function<Response(Frontend&, const Request&, Session&)>;

// Runs a page with the visitor's session; any error becomes a page in the shop's style (never a
// raw error): 403 for an expired form, 503 when a service is down, 500 otherwise.
Response serve_page(Frontend& f, const Request& request, const Page& page);
Response not_found_page(Frontend& f, Session& session);
// 400 with the reason in French, for a form or link that names something that cannot exist.
Response bad_request_page(Frontend& f, Session& session, const std::string& message);
// 403 with the reason in French (a customer on a staff page).
Response forbidden_page(Frontend& f, Session& session, const std::string& message);
// Forgets the customer's log-in (tokens, name, cart) and starts a new session (new CSRF token),
// in the same language.
void end_login(Session& session, const std::string& flash);

// Keeps the access token fresh (refresh a minute before expiry); logs out if that fails.
void refresh_if_needed(Frontend& f, Session& session);
// The visitor's cart id, creating the cart on first use.
std::string ensure_cart(Frontend& f, Session& session);
// Recounts the items of the cart for the menu.
void recount_cart(Frontend& f, Session& session);

// A string member of a service's JSON answer, or "" when it is missing or not a string.
std::string text_of(const boost::json::object& o, const char* key);
// A service's JSON answer handed to the visitor as a file to download (exports).
Response json_download(std::string body, const std::string& file_name);

// A message of the shop in the visitor's language (src/messages/<language>/shop.json), its
// "{slots}" filled with `values` if any (not escaped: the templates escape).
inline const std::string& msg(const Session& s, std::string_view key) { return platform::i18n::message(s.language, key); }
inline std::string msg(const Session& s, std::string_view key, platform::i18n::Values values) {
    return platform::i18n::message(s.language, key, values);
}

// Display helpers. An amount of money as `language` writes it, for the shop's pages and the
// back-office's alike: "1 099,00 €" / "€1,099.00" from {"amount": 109900}, "" when `money` is not
// {"amount": cents}.
std::string price(platform::i18n::Language language, const boost::json::value& money);
// A product's (or a line's) `key` ("name", "description") in `language`: its
// translations.<language>.<key> when the catalogue has one, else the French.
std::string localized(platform::i18n::Language language, const boost::json::object& o, const char* key);
// A boolean for the templates.
mustache::data flag(bool b);

// Pages (pages/*.cpp).
Response home_page(Frontend&, const Request&, Session&);
Response products_page(Frontend&, const Request&, Session&);
// The same two pages from memory only, for a visitor who is not logged in (nothing to check with
// auth): answered on the I/O thread, with no hand-off to the worker pool. Nothing when the page is
// not cached, or anything fails: the page then takes the normal path (which decodes the session
// cookie again: a few µs that logged-in visitors pay twice on these two pages).
std::optional<Response> home_from_memory(Frontend&, const Request&);
std::optional<Response> products_from_memory(Frontend&, const Request&);
Response product_page(Frontend&, const Request&, Session&);
Response cart_page(Frontend&, const Request&, Session&);
Response cart_add(Frontend&, const Request&, Session&);
Response cart_update(Frontend&, const Request&, Session&);
Response cart_remove(Frontend&, const Request&, Session&);
Response cart_empty(Frontend&, const Request&, Session&);
Response login_page(Frontend&, const Request&, Session&);
Response login_submit(Frontend&, const Request&, Session&);
Response logout_submit(Frontend&, const Request&, Session&);
Response signup_page(Frontend&, const Request&, Session&);
Response signup_submit(Frontend&, const Request&, Session&);
Response orders_page(Frontend&, const Request&, Session&);
Response order_page(Frontend&, const Request&, Session&);
Response checkout_page(Frontend&, const Request&, Session&);
Response checkout_submit(Frontend&, const Request&, Session&);
Response confirmation_page(Frontend&, const Request&, Session&);
Response about_page(Frontend&, const Request&, Session&);
// The FR / EN switch (pages/language_pages.cpp).
Response language_switch(Frontend&, const Request&, Session&);
Response contact_page(Frontend&, const Request&, Session&);
Response mailbox_page(Frontend&, const Request&, Session&);
Response mailbox_message_page(Frontend&, const Request&, Session&);
// A customer's own account (pages/self_service_pages.cpp).
Response forgot_password_page(Frontend&, const Request&, Session&);
Response forgot_password_submit(Frontend&, const Request&, Session&);
Response new_password_page(Frontend&, const Request&, Session&);
Response new_password_submit(Frontend&, const Request&, Session&);
Response account_page(Frontend&, const Request&, Session&);
Response account_password_submit(Frontend&, const Request&, Session&);
Response account_export(Frontend&, const Request&, Session&);
Response account_delete_submit(Frontend&, const Request&, Session&);
// The back-office (pages/admin_*.cpp): staff only. The answer for anyone else (anonymous: to the
// log-in page; a customer: 403 page), or nothing for a member of the staff.
std::optional<Response> refuse_unless_staff(Frontend&, Session&);
// Whether the session's token holds the admin role (staff accounts, "Comptes équipe").
bool is_admin(Frontend&, const Session&);
// A back-office page: template `name` under the back-office's navigation (pages/admin_nav.cpp),
// `section` marked as current, titled "<title> | Administration E-Design".
// The product's history (pages/admin_product_history.cpp) for templates/admin_history.mustache.
void set_product_history(Frontend&, Session&, const std::string& product_id, mustache::data& d);
Response admin_page(Frontend&, Session&, std::string_view section, const std::string& name, mustache::data data,
                    const std::string& title, unsigned status = 200);
// The back-office lists' search words (?q=), or "" for none.
std::string staff_search(const Request&);
// The catalogue's shape of a category slug (lower-case letters, digits, inner hyphens, 1 to 64),
// checked where a slug from a path or a form enters, before it names anything in a call.
bool is_category_slug(std::string_view slug);
Response admin_products_page(Frontend&, const Request&, Session&);
Response admin_customers_page(Frontend&, const Request&, Session&);
Response admin_customer_page(Frontend&, const Request&, Session&);
Response admin_customer_export(Frontend&, const Request&, Session&);
Response admin_customer_erase(Frontend&, const Request&, Session&);
Response admin_product_page(Frontend&, const Request&, Session&);
Response admin_product_submit(Frontend&, const Request&, Session&);
Response admin_product_new_page(Frontend&, const Request&, Session&);
Response admin_product_create(Frontend&, const Request&, Session&);
Response admin_product_delete_page(Frontend&, const Request&, Session&);
Response admin_product_delete(Frontend&, const Request&, Session&);
Response admin_product_photo(Frontend&, const Request&, Session&);
Response admin_categories_page(Frontend&, const Request&, Session&);
Response admin_category_create(Frontend&, const Request&, Session&);
Response admin_category_action(Frontend&, const Request&, Session&);
Response admin_dashboard_page(Frontend&, const Request&, Session&);
Response admin_orders_page(Frontend&, const Request&, Session&);
Response admin_order_page(Frontend&, const Request&, Session&);
Response admin_order_action(Frontend&, const Request&, Session&);
// Comptes équipe (pages/admin_team_pages.cpp): administrators only.
Response admin_team_page(Frontend&, const Request&, Session&);
Response admin_team_add(Frontend&, const Request&, Session&);
Response admin_team_disable_page(Frontend&, const Request&, Session&);
Response admin_team_disable(Frontend&, const Request&, Session&);

}  // namespace rapidtrade::frontend
