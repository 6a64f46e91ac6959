#pragma once
// Server-rendered pages: Mustache templates (kainjow, HTML-escaped by default) compiled into the
// binary, one layout around every page, static files under content-hashed names, and the security
// headers every page carries (CSP without inline scripts, nosniff, Referrer-Policy).
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <kainjow/mustache.hpp>

#include "platform/http/message.hpp"
#include "platform/http/target.hpp"
#include "services/frontend/session.hpp"

namespace rapidtrade::frontend {

namespace mustache = kainjow::mustache;
using platform::http::Request;
using platform::http::Response;

class Views {
public:
    Views(const SessionCodec& sessions, bool mailbox_enabled);

    // templates/<name>.mustache rendered with `data`, inside the layout, in the session's language
    // (<html lang>, Content-Language, Vary: Cookie, Accept-Language).
    Response page(Session& session, const std::string& name, mustache::data data, const std::string& title,
                  unsigned status = 200) const;
    // A page whose content is the same for every visitor in the same state (the catalogue pages):
    // rendered once with markers where the visitor's own values go (CSRF token, cart count, name,
    // flash message), kept `ttl`, and filled in per request. `build` runs only on a miss.
    struct Spec {
        std::string name;
        mustache::data data;
        std::string title;
    };
    // The cache keeps one copy per language and log-in state: `key` need not say either.
    Response cached_page(Session& session, const std::string& key, const std::function<Spec()>& build) const;
    // The same page only if it is in the cache and fresh, or nothing: never builds, never blocks
    // (the I/O thread may ask, see pages' fast paths).
    std::optional<Response> fresh_page(Session& session, const std::string& key) const;

    // 303 See Other, the answer to every successful form (no resubmission on reload).
    // 303 to a page of the shop: built from typed, encoded parts, so nothing a visitor typed can
    // end the Location header or point elsewhere.
    Response redirect(Session& session, const platform::http::Target& location) const;
    // /static/<file>: the hashed names get a year of caching.
    std::optional<Response> static_file(const std::string& name) const;
    std::string render(platform::i18n::Language language, const std::string& name, const mustache::data& data) const;
    // "/static/<hashed name>" of a file of static/ (for a page's own script).
    std::string asset_url(const std::string& name) const { return "/static/" + hashed_.at(name); }

private:
    void decorate(Session& session, Response& res) const;
    // The visitor's own values in the layout (or the markers of a shared rendering).
    struct Personal {
        std::string csrf{};
        std::string cart_count{};
        std::string first_name{};
        std::string flash{};
        std::string here{};  // the page the language switch returns to
    };
    std::string render_page(platform::i18n::Language language, const Personal& personal, bool logged_in,
                            const std::string& name, mustache::data data, const std::string& title) const;
    struct Cached {
        std::string html;
        std::string etag;  // of `html` with its marks: a personalized page's ETag starts from it
        std::chrono::steady_clock::time_point stored;
    };
    static std::string cache_key(const Session& session, const std::string& key);
    std::shared_ptr<const Cached> fresh(const std::string& full_key) const;  // null: missing or stale
    Response personalized(const Cached& cached, Session& session) const;     // the visitor's values filled in
    mutable std::mutex cache_mutex_;
    mutable std::map<std::string, std::shared_ptr<const Cached>> cache_;
    const SessionCodec& sessions_;
    bool mailbox_enabled_;
    std::map<std::string, std::pair<std::string, std::string>> assets_;  // hashed name -> (bytes, type)
    std::map<std::string, std::string> hashed_;                            // plain name -> hashed name
};

}  // namespace rapidtrade::frontend
