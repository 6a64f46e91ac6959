#include "services/frontend/views.hpp"

#include <algorithm>

#include "platform/encoding.hpp"
#include "platform/embedded.hpp"
#include "platform/http/pipeline.hpp"
#include "platform/i18n/messages.hpp"
#include "platform/templates.hpp"
#include "platform/text.hpp"
#include "services/frontend/assets.hpp"
#include "services/frontend/local_page.hpp"

namespace rapidtrade::frontend {
namespace {

std::string content_type_of(const std::string& name) {
    if (name.ends_with(".css")) return "text/css; charset=utf-8";
    if (name.ends_with(".svg")) return "image/svg+xml";
    if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
    return "application/octet-stream";
}

// Each page's template once per language: its {{@key}} texts are the language's (issue 17).
mustache::mustache& compiled(platform::i18n::Language language, const std::string& name) {
    platform::TemplateOptions options;
    options.language = language;
    return platform::embedded_template(embedded_files(), "templates/" + name + ".mustache", options);
}

}  // namespace

Views::Views(const SessionCodec& sessions, bool mailbox_enabled) : sessions_(sessions), mailbox_enabled_(mailbox_enabled) {
    for (const auto& f : embedded_files()) {
        if (!f.path.starts_with("static/")) continue;
        std::string name(f.path.substr(7));
        auto dot = name.rfind('.');
        std::string hashed = name.substr(0, dot) + "." + platform::sha256_hex(f.bytes).substr(0, 10) + name.substr(dot);
        assets_[hashed] = {std::string(f.bytes), content_type_of(name)};
        hashed_[name] = hashed;
    }
}

std::string Views::render(platform::i18n::Language language, const std::string& name, const mustache::data& data) const {
    return compiled(language, name).render(data);
}

void Views::decorate(Session& session, Response& res) const {
    res.set("Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self';"
            " frame-ancestors 'none'; base-uri 'self'");
    res.set("Referrer-Policy", "strict-origin-when-cross-origin");
    res.set("X-Frame-Options", "DENY");
    res.set(boost::beast::http::field::cache_control, "private, no-cache");
    // The page is in the session's language, which the cookie holds or, on a first visit, the
    // Accept-Language header chose: a shared cache must keep one copy per both.
    res.set(boost::beast::http::field::content_language, platform::i18n::code(session.language));
    res.set(boost::beast::http::field::vary, "Cookie, Accept-Language");
    sessions_.store(session, res);
}

namespace {

std::string upper(std::string_view code) {
    std::string out(code);
    for (auto& c : out) c = static_cast<char>(c - 'a' + 'A');
    return out;
}

// Markers for the visitor's own values in a shared rendering (ASCII record separator: never in
// escaped template output, and stripped from the values themselves).
constexpr char kMark = '\x1e';
const std::string kCsrfMark = std::string(1, kMark) + "C" + kMark;
const std::string kCartMark = std::string(1, kMark) + "K" + kMark;
const std::string kNameMark = std::string(1, kMark) + "N" + kMark;
const std::string kFlashMark = std::string(1, kMark) + "F" + kMark;
const std::string kHereMark = std::string(1, kMark) + "H" + kMark;

std::string without_marks(std::string s) {
    s.erase(std::remove(s.begin(), s.end(), kMark), s.end());
    return s;
}

// The one-time message above the page (templates/flash.mustache, escaped there), or nothing.
std::string flash_block(platform::i18n::Language language, const std::string& message) {
    if (message.empty()) return {};
    mustache::data d;
    d.set("message", without_marks(message));
    return compiled(language, "flash").render(d);
}

}  // namespace

std::string Views::render_page(platform::i18n::Language language, const Personal& personal, bool logged_in,
                               const std::string& name, mustache::data data, const std::string& title) const {
    data.set("csrf", personal.csrf);
    // The one partial the pages share (confirmation and "Mes commandes"), in the page's language.
    data.set("order_details", mustache::partial([language] {
        return platform::translate_template(*platform::find_embedded(embedded_files(), "templates/order_details.mustache"),
                                            language, true);
    }));
    mustache::data layout;
    layout.set("lang", std::string(platform::i18n::code(language)));
    layout.set("title", title);
    layout.set("body", render(language, name, data));
    layout.set("here", personal.here);
    // The switch offers the other language(s); the current one is marked, not a button.
    mustache::list languages;
    for (auto other : platform::i18n::kLanguages) {
        mustache::data l;
        l.set("code", std::string(platform::i18n::code(other)));
        l.set("label", upper(platform::i18n::code(other)));
        l.set("name", platform::i18n::message(other, "language.name." + std::string(platform::i18n::code(other))));
        l.set("current", other == language ? mustache::data::type::bool_true : mustache::data::type::bool_false);
        languages.push_back(l);
    }
    layout.set("languages", languages);
    layout.set("css", "/static/" + hashed_.at("style.css"));
    layout.set("logo", "/static/" + hashed_.at("logo.svg"));
    layout.set("csrf", personal.csrf);
    layout.set("logged_in", logged_in ? mustache::data::type::bool_true : mustache::data::type::bool_false);
    layout.set("first_name", personal.first_name);
    layout.set("cart_count", personal.cart_count);
    layout.set("mailbox", mailbox_enabled_ ? mustache::data::type::bool_true : mustache::data::type::bool_false);
    // Already rendered (and escaped) by flash.mustache; a shared rendering gets the bare marker.
    layout.set("flash", personal.flash == kFlashMark ? personal.flash : flash_block(language, personal.flash));
    return render(language, "layout", layout);
}

Response Views::page(Session& session, const std::string& name, mustache::data data, const std::string& title,
                     unsigned status) const {
    Personal personal{session.csrf, std::to_string(session.cart_count), session.first_name, session.flash,
                      local_page(session.here)};
    auto html = render_page(session.language, personal, session.logged_in(), name, std::move(data), title);
    if (!session.flash.empty()) {
        session.flash.clear();
        session.changed = true;
    }
    auto res = platform::http::bytes_response(status, std::move(html), "text/html; charset=utf-8");
    decorate(session, res);
    return res;
}

std::shared_ptr<const Views::Cached> Views::fresh(const std::string& full_key) const {
    std::lock_guard lock(cache_mutex_);
    if (auto it = cache_.find(full_key);
        it != cache_.end() && std::chrono::steady_clock::now() - it->second->stored < std::chrono::seconds(2))
        return it->second;
    return nullptr;
}

// One copy per language too: an English page is never served to a French visitor.
std::string Views::cache_key(const Session& session, const std::string& key) {
    return key + (session.logged_in() ? "|in|" : "|out|") + std::string(platform::i18n::code(session.language));
}

std::optional<Response> Views::fresh_page(Session& session, const std::string& key) const {
    auto hit = fresh(cache_key(session, key));
    if (!hit) return std::nullopt;
    return personalized(*hit, session);
}

Response Views::cached_page(Session& session, const std::string& key, const std::function<Spec()>& build) const {
    std::string full_key = cache_key(session, key);
    auto hit = fresh(full_key);
    if (!hit) {
        auto spec = build();
        auto made = std::make_shared<Cached>();
        made->html = render_page(session.language, Personal{kCsrfMark, kCartMark, kNameMark, kFlashMark, kHereMark},
                                 session.logged_in(), spec.name, std::move(spec.data), spec.title);
        made->etag = platform::http::compute_etag(made->html);
        made->stored = std::chrono::steady_clock::now();
        std::lock_guard lock(cache_mutex_);
        if (cache_.size() > 500) cache_.clear();  // bounded: search pages can vary without end
        cache_[full_key] = made;
        hit = made;
    }
    return personalized(*hit, session);
}

Response Views::personalized(const Cached& cached, Session& session) const {
    // Fill in this visitor's values; the flash block is written out only when there is one.
    std::string flash_html = flash_block(session.language, session.flash);
    if (!session.flash.empty()) {
        session.flash.clear();
        session.changed = true;
    }
    const std::string cart = std::to_string(session.cart_count);
    const std::string name = platform::html_escape(without_marks(session.first_name));
    const std::string here = platform::html_escape(local_page(session.here));
    const std::string& t = cached.html;
    std::string out;
    out.reserve(t.size() + 256);
    for (std::size_t i = 0; i < t.size();) {
        auto mark = t.find(kMark, i);
        if (mark == std::string::npos || mark + 2 >= t.size() || t[mark + 2] != kMark) {
            out.append(t, i, std::string::npos);
            break;
        }
        out.append(t, i, mark - i);
        switch (t[mark + 1]) {
            case 'C': out += session.csrf; break;
            case 'K': out += cart; break;
            case 'N': out += name; break;
            case 'F': out += flash_html; break;
            case 'H': out += here; break;
        }
        i = mark + 3;
    }
    auto res = platform::http::bytes_response(200, std::move(out), "text/html; charset=utf-8");
    // The page is the shared rendering with these five values put in: its ETag is the rendering's
    // (hashed once, when cached) with the values, a hash over a hundred bytes instead of the whole
    // page on every request (8 % of the product-list page's profile). Each value goes in with its
    // length, so two different pages never make the same recipe.
    std::string recipe = cached.etag;
    for (const std::string* value : std::initializer_list<const std::string*>{&session.csrf, &cart, &name, &flash_html, &here})
        ((recipe += std::to_string(value->size())) += ':') += *value;
    res.set(boost::beast::http::field::etag, platform::http::compute_etag(recipe));
    decorate(session, res);
    return res;
}

Response Views::redirect(Session& session, const platform::http::Target& location) const {
    auto res = platform::http::empty_response(303);
    res.set(boost::beast::http::field::location, location.encoded());
    decorate(session, res);
    return res;
}

std::optional<Response> Views::static_file(const std::string& name) const {
    auto it = assets_.find(name);
    if (it == assets_.end()) return std::nullopt;
    auto res = platform::http::bytes_response(200, it->second.first, it->second.second);
    res.set(boost::beast::http::field::cache_control, "public, max-age=31536000, immutable");
    return res;
}

}  // namespace rapidtrade::frontend
