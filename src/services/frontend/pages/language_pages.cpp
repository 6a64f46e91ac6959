// The FR / EN switch of every page (templates/layout.mustache): POST /langue.
#include "platform/i18n/messages.hpp"
#include "platform/log.hpp"
#include "platform/service.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/local_page.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;

namespace {

bool is_customer(Frontend& f, const Session& s) {
    try {
        return !platform::is_staff(f.tokens.verify(s.access_token));
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace

// POST /langue {csrf, language: "fr"|"en", back: the page to return to}: 303 to that page (or the
// home page when it is not one of the shop's), now in the chosen language. The session, its cart
// and its log-in stay as they are; a customer's choice is stored in their profile too, so that it
// follows them to their other devices.
Response language_switch(Frontend& f, const Request& r, Session& s) {
    auto form = read_form(r);
    check_csrf(form, s);
    auto back = form.contains("back") ? local_target(form.at("back")) : std::nullopt;
    auto it = form.find("language");
    auto chosen = it == form.end() ? std::nullopt : platform::i18n::parse_language(it->second);
    if (!chosen) {
        s.here = back ? back->encoded() : std::string("/");  // the error page's own switch returns there
        return bad_request_page(f, s, msg(s, "shop.language.unknown"));
    }
    if (*chosen != s.language) {
        s.language = *chosen;
        s.changed = true;
    }
    if (s.logged_in() && is_customer(f, s)) {
        refresh_if_needed(f, s);
        if (s.logged_in()) {
            auto res = f.api.send("customers", platform::http::Verb::patch, Target{"apis", "customers", "me"},
                                  {{"language", platform::i18n::code(s.language)}}, s.access_token);
            // The page still changes language; the profile keeps its old one until the next switch.
            if (res.status != 200) platform::log::warn("profile_language_not_saved", {{"status", res.status}});
        }
    }
    return f.views.redirect(s, back.value_or(Target{}));
}

}  // namespace rapidtrade::frontend
