// A customer's own account, without writing to anyone: a forgotten password (a link by e-mail,
// single use, one hour: the auth service decides all of it), and "Mon compte" (change the password,
// download one's data, close the account). Every answer the services give is turned into a message
// in the visitor's language; nothing the visitor typed goes anywhere but a JSON body.
#include <algorithm>

#include "platform/errors.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/throttled.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;
using platform::http::Verb;

namespace {

// A reset token as the auth service writes it (Base64url, random): anything else is refused here,
// before it is sent anywhere.
bool looks_like_token(const std::string& t) {
    return t.size() >= 16 && t.size() <= 128 && std::all_of(t.begin(), t.end(), [](unsigned char c) {
               return std::isalnum(c) || c == '-' || c == '_';
           });
}

Response forgot_form(Frontend& f, Session& s, const std::string& email, const std::string& message, bool sent,
                     unsigned status) {
    mustache::data d;
    d.set("email", email);
    d.set("message", message);
    d.set("has_message", flag(!message.empty()));
    d.set("sent", flag(sent));
    return f.views.page(s, "password_forgot", d, msg(s, "shop.password.forgot_title") + " | E-Design", status);
}

Response new_password_form(Frontend& f, Session& s, const std::string& token, const std::string& error, unsigned status) {
    mustache::data d;
    d.set("token", token);
    d.set("error", error);
    d.set("has_error", flag(!error.empty()));
    d.set("password_invalid", flag(!error.empty()));
    return f.views.page(s, "password_new", d, msg(s, "shop.password.new_title") + " | E-Design", status);
}

Response account_form(Frontend& f, Session& s, const std::string& error, unsigned status) {
    mustache::data d;
    d.set("first_name", s.first_name);
    d.set("error", error);
    d.set("has_error", flag(!error.empty()));
    return f.views.page(s, "account", d, msg(s, "shop.account.title") + " | E-Design", status);
}

// "Mon compte" when the auth service holds the account's password attempts back (429).
Response too_many_wrong_passwords(Frontend& f, Session& s, const platform::http::ClientResponse& res) {
    auto message = msg(s, "shop.account.error.too_many", {{"wait", wait_words(s.language, res.retry_after)}});
    return throttled_page(account_form(f, s, message, 429), res);
}

Response to_login(Frontend& f, Session& s, const std::string& flash) {
    s.flash = flash;
    s.changed = true;
    return f.views.redirect(s, Target{"connexion"});
}

}  // namespace

// GET /mot-de-passe/oublie
Response forgot_password_page(Frontend& f, const Request&, Session& s) { return forgot_form(f, s, "", "", false, 200); }

// POST /mot-de-passe/oublie {email}: the same answer whether an account exists or not.
Response forgot_password_submit(Frontend& f, const Request& r, Session& s) {
    auto form = read_form(r);
    check_csrf(form, s);
    auto email = field(form, "email");
    auto res = f.api.send("auth", Verb::post, Target{"apis", "auth", "password-reset"},
                          {{"email", email}, {"language", platform::i18n::code(s.language)}}, {},
                          {{"X-Client-Address", r.client_address}});
    if (res.status == 429) {
        auto message = msg(s, "shop.password.error.too_many", {{"wait", wait_words(s.language, res.retry_after)}});
        return throttled_page(forgot_form(f, s, email, message, false, 429), res);
    }
    if (res.status == 400) return forgot_form(f, s, email, msg(s, "shop.password.error.email"), false, 400);
    if (res.status != 202) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "password reset"}, {"status", std::to_string(res.status)}}));
    return forgot_form(f, s, "",
                       msg(s, "shop.password.sent"),
                       true, 200);
}

// GET /mot-de-passe/nouveau?token=...
Response new_password_page(Frontend& f, const Request& r, Session& s) {
    std::string token(r.query_param("token").value_or(""));
    if (!looks_like_token(token))
        return bad_request_page(f, s, msg(s, "shop.password.error.bad_link"));
    return new_password_form(f, s, token, "", 200);
}

// POST /mot-de-passe/nouveau {token, password}
Response new_password_submit(Frontend& f, const Request& r, Session& s) {
    auto form = read_form(r);
    check_csrf(form, s);
    auto token = field(form, "token");
    if (!looks_like_token(token))
        return bad_request_page(f, s, msg(s, "shop.password.error.bad_link"));
    auto password = form.contains("password") ? form.at("password") : std::string();
    auto res = f.api.send("auth", Verb::post, Target{"apis", "auth", "password-reset", "confirm"},
                          {{"token", token}, {"password", password}});
    if (res.status == 204) return to_login(f, s, msg(s, "shop.flash.password_reset"));
    auto problem = ShopApi::problem_of(res);
    bool bad_token = std::any_of(problem.fields.begin(), problem.fields.end(),
                                 [](const platform::http::ReceivedField& e) { return e.field == "token"; });
    if (bad_token)
        return bad_request_page(f, s, msg(s, "shop.password.error.used_link"));
    if (res.status == 400 || res.status == 422)
        return new_password_form(f, s, token, msg(s, "shop.password.error.short"), 400);
    throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "password reset confirm"}, {"status", std::to_string(res.status)}}));
}

// GET /mon-compte
Response account_page(Frontend& f, const Request&, Session& s) {
    refresh_if_needed(f, s);
    if (!s.logged_in()) return to_login(f, s, msg(s, "shop.flash.login_for_account"));
    return account_form(f, s, "", 200);
}

// POST /mon-compte/mot-de-passe {current, new}
Response account_password_submit(Frontend& f, const Request& r, Session& s) {
    auto form = read_form(r);
    check_csrf(form, s);
    refresh_if_needed(f, s);
    if (!s.logged_in()) return to_login(f, s, msg(s, "shop.flash.login_for_password"));
    auto value = [&](const char* k) { return form.contains(k) ? form.at(k) : std::string(); };
    // The shopper's address, as for a log-in: a wrong current password counts against it, not
    // against the shop's own address, which every shopper's change would then share.
    auto res = f.api.send("auth", Verb::post, Target{"apis", "auth", "password"},
                          {{"current", value("current")}, {"new", value("new")}}, s.access_token,
                          {{"X-Client-Address", r.client_address}});
    if (res.status == 204) {
        // The auth service closes every session of the account, this one too: staying on "Mon compte"
        // would only send the next click (a download) to the log-in page. Said now, plainly.
        f.liveness.ended(s.refresh_token);
        end_login(s, msg(s, "shop.flash.password_changed"));
        return f.views.redirect(s, Target{"connexion"});
    }
    if (res.status == 403) return account_form(f, s, msg(s, "shop.account.error.current_password"), 403);
    // Too many wrong current passwords (they count as failed log-ins of the account).
    if (res.status == 429) return too_many_wrong_passwords(f, s, res);
    auto problem = ShopApi::problem_of(res);
    for (const auto& e : problem.fields)
        if (e.field == "current") return account_form(f, s, msg(s, "shop.account.error.current_password"), 400);
    if (res.status == 400 || res.status == 422)
        return account_form(f, s, msg(s, "shop.account.error.new_password"), 400);
    throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "password change"}, {"status", std::to_string(res.status)}}));
}

// GET /mon-compte/export: the customer's data as a JSON file (profile, addresses, orders).
Response account_export(Frontend& f, const Request&, Session& s) {
    refresh_if_needed(f, s);
    if (!s.logged_in()) return to_login(f, s, msg(s, "shop.flash.login_for_export"));
    auto res = f.api.get("customers", Target{"apis", "customers", "me", "export"}, s.access_token);
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "export"}, {"status", std::to_string(res.status)}}));
    return json_download(std::move(res.body), msg(s, "shop.account.export_file"));  // the file's name in the page's language
}

// POST /mon-compte/suppression {password, confirm}: the account goes; orders stay, anonymised.
Response account_delete_submit(Frontend& f, const Request& r, Session& s) {
    auto form = read_form(r);
    check_csrf(form, s);
    refresh_if_needed(f, s);
    if (!s.logged_in()) return to_login(f, s, msg(s, "shop.flash.login_for_close"));
    if (field(form, "confirm") != "oui")
        return account_form(f, s, msg(s, "shop.account.error.confirm"), 400);
    // The shopper's address, as for a password change: a wrong password counts against it.
    auto res = f.api.send("customers", Verb::delete_, Target{"apis", "customers", "me"},
                          {{"password", form.contains("password") ? form.at("password") : std::string()}}, s.access_token,
                          {{"X-Client-Address", r.client_address}});
    // 204: erased everywhere; 202: the account is closed and what a service could not erase yet is
    // finished in the background (the customers service retries until done).
    if (res.status == 204 || res.status == 202) {
        end_login(s, msg(s, "shop.flash.account_closed"));
        return f.views.redirect(s, Target{});
    }
    if (res.status == 400 || res.status == 401 || res.status == 403)
        return account_form(f, s, msg(s, "shop.account.error.password"), 403);
    // The password is checked as a log-in of the account, throttled alike.
    if (res.status == 429) return too_many_wrong_passwords(f, s, res);
    throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "account deletion"}, {"status", std::to_string(res.status)}}));
}

}  // namespace rapidtrade::frontend
