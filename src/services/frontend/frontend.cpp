#include "services/frontend/frontend.hpp"

#include <chrono>

#include <boost/json/parse.hpp>

#include "platform/auth/jwt.hpp"
#include "platform/errors.hpp"
#include "platform/i18n/format.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "platform/money.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;

std::string price(platform::i18n::Language language, const boost::json::value& money) {
    const auto* amount = money.is_object() ? money.as_object().if_contains("amount") : nullptr;
    if (amount == nullptr || !amount->is_int64()) return "";
    return platform::i18n::format_money(language, amount->as_int64());
}

std::string localized(platform::i18n::Language language, const boost::json::object& o, const char* key) {
    if (language != platform::i18n::Language::fr) {
        // {"translations": {"en": {"name": "..."}}}: each level optional, anything else ignored.
        const auto* all = o.if_contains("translations");
        const auto* mine = all && all->is_object() ? all->as_object().if_contains(platform::i18n::code(language)) : nullptr;
        const auto* text = mine && mine->is_object() ? mine->as_object().if_contains(key) : nullptr;
        if (text && text->is_string() && !text->as_string().empty()) return std::string(text->as_string());
    }
    return text_of(o, key);
}

std::string text_of(const boost::json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

Response json_download(std::string body, const std::string& file_name) {
    auto out = platform::http::bytes_response(200, std::move(body), "application/json; charset=utf-8");
    // Callers pass a fixed name or one built from a checked id: nothing from outside unchecked.
    out.set(boost::beast::http::field::content_disposition, "attachment; filename=\"" + file_name + "\"");
    out.set(boost::beast::http::field::cache_control, "private, no-store");
    return out;
}

mustache::data flag(bool b) { return b ? mustache::data::type::bool_true : mustache::data::type::bool_false; }

namespace {

Response error_page(Frontend& f, Session& s, unsigned status, const std::string& title, const std::string& message) {
    mustache::data d;
    d.set("heading", title);
    d.set("message", message);
    return f.views.page(s, "error", d, title, status);
}

}  // namespace

Response bad_request_page(Frontend& f, Session& s, const std::string& message) {
    return error_page(f, s, 400, msg(s, "shop.error.bad_request.title"), message);
}

Response forbidden_page(Frontend& f, Session& s, const std::string& message) {
    return error_page(f, s, 403, msg(s, "shop.error.forbidden.title"), message);
}

void end_login(Session& s, const std::string& flash) {
    auto language = s.language;
    auto here = s.here;
    s = Session{};
    s.language = language;
    s.here = here;
    s.csrf = platform::random_token(24);
    s.flash = flash;
    s.changed = true;
}

Response not_found_page(Frontend& f, Session& s) {
    return error_page(f, s, 404, msg(s, "shop.error.not_found.title"),
                      msg(s, "shop.error.not_found.message"));
}

Response serve_page(Frontend& f, const Request& request, const Page& page) {
    Session s = f.sessions.load(request);
    ShopApi::Speaking speaking(s.language);
    try {
        // A copy of a cookie whose log-in has ended (log-out, revoked elsewhere) opens nothing.
        if (s.logged_in() && !f.liveness.alive(f.api, s.refresh_token))
            end_login(s, msg(s, "shop.flash.session_ended"));
        return page(f, request, s);
    } catch (const platform::HttpError& e) {
        switch (e.status()) {
            case 403:
                return error_page(f, s, 403, msg(s, "shop.error.expired.title"),
                                  msg(s, "shop.error.expired.message"));
            case 404: return not_found_page(f, s);
            case 400:
            case 413:
            case 415: return error_page(f, s, e.status(), msg(s, "shop.error.bad_request.title"), msg(s, "shop.error.bad_request.message"));
            case 503:
                return error_page(f, s, 503, msg(s, "shop.error.unavailable.title"),
                                  msg(s, "shop.error.unavailable.message"));
            default:
                return error_page(f, s, e.status() >= 500 ? 500 : e.status(), msg(s, "shop.error.failed.title"),
                                  msg(s, "shop.error.failed.message"));
        }
    } catch (const std::exception& e) {
        platform::log::error("page_failed", {{"path", request.path}, {"error", e.what()}});
        return error_page(f, s, 500, msg(s, "shop.error.failed.title"),
                          msg(s, "shop.error.failed.message"));
    }
}

void refresh_if_needed(Frontend& f, Session& s) {
    if (!s.logged_in()) return;
    platform::auth::TokenError error;
    auto decoded = platform::auth::decode_token(s.access_token, error);
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (decoded) {
        auto exp = decoded->payload.if_contains("exp");
        if (exp && exp->is_int64() && exp->as_int64() - 60 > now) return;
    }
    auto res = f.api.send("auth", platform::http::Verb::post, Target{"apis", "auth", "refresh"},
                          {{"refresh_token", s.refresh_token}});
    if (res.status == 200) {
        auto body = res.json().as_object();
        s.access_token = std::string(body.at("access_token").as_string());
        s.refresh_token = std::string(body.at("refresh_token").as_string());
        s.changed = true;
    } else {
        end_login(s, msg(s, "shop.flash.session_expired"));
    }
}

std::string ensure_cart(Frontend& f, Session& s) {
    refresh_if_needed(f, s);
    if (!s.cart_id.empty()) {
        auto res = f.api.get("cart", Target{"apis", "carts", s.cart_id}, s.access_token);
        if (res.status == 200) return s.cart_id;
    }
    auto res = f.api.send("cart", platform::http::Verb::post, Target{"apis", "carts"}.slash(), boost::json::object{},
                          s.access_token);
    if (res.status != 201 && res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "cart"}, {"status", std::to_string(res.status)}}));
    s.cart_id = std::string(res.json().at("id").as_string());
    s.cart_count = res.json().at("item_count").as_int64();
    s.changed = true;
    return s.cart_id;
}

void recount_cart(Frontend& f, Session& s) {
    std::int64_t count = 0;
    if (!s.cart_id.empty()) {
        auto res = f.api.get("cart", Target{"apis", "carts", s.cart_id}, s.access_token);
        if (res.status == 200) count = res.json().at("item_count").as_int64();
    }
    if (count != s.cart_count) {
        s.cart_count = count;
        s.changed = true;
    }
}

}  // namespace rapidtrade::frontend
