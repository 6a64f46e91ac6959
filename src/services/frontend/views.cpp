#include "services/frontend/views.hpp"

#include <unordered_map>

#include "platform/auth/jwt.hpp"
#include "platform/embedded.hpp"
#include "services/frontend/assets.hpp"

namespace rapidtrade::frontend {
namespace {

std::string content_type_of(const std::string& name) {
    if (name.ends_with(".css")) return "text/css; charset=utf-8";
    if (name.ends_with(".svg")) return "image/svg+xml";
    if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
    return "application/octet-stream";
}

// Each thread compiles each template once (rendering a kainjow template is not thread-safe).
mustache::mustache& compiled(const std::string& name) {
    thread_local std::unordered_map<std::string, std::unique_ptr<mustache::mustache>> cache;
    auto& slot = cache[name];
    if (!slot) {
        auto text = platform::find_embedded(embedded_files(), "templates/" + name + ".mustache");
        if (!text) throw std::logic_error("no template " + name);
        slot = std::make_unique<mustache::mustache>(std::string(*text));
        if (!slot->is_valid()) throw std::logic_error("template " + name + ": " + slot->error_message());
    }
    return *slot;
}

}  // namespace

Views::Views(const SessionCodec& sessions, bool mailbox_enabled) : sessions_(sessions), mailbox_enabled_(mailbox_enabled) {
    for (const auto& f : embedded_files()) {
        if (!f.path.starts_with("static/")) continue;
        std::string name(f.path.substr(7));
        auto dot = name.rfind('.');
        std::string hashed = name.substr(0, dot) + "." + platform::auth::sha256_hex(f.bytes).substr(0, 10) + name.substr(dot);
        assets_[hashed] = {std::string(f.bytes), content_type_of(name)};
        hashed_[name] = hashed;
    }
}

std::string Views::render(const std::string& name, const mustache::data& data) const {
    return compiled(name).render(data);
}

void Views::decorate(Session& session, Response& res) const {
    res.set("Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self';"
            " frame-ancestors 'none'; base-uri 'self'");
    res.set("Referrer-Policy", "strict-origin-when-cross-origin");
    res.set("X-Frame-Options", "DENY");
    res.set(boost::beast::http::field::cache_control, "private, no-cache");
    sessions_.store(session, res);
}

Response Views::page(Session& session, const std::string& name, mustache::data data, const std::string& title,
                     unsigned status) const {
    data.set("csrf", session.csrf);
    // The one partial the pages share (confirmation and "Mes commandes").
    data.set("order_details", mustache::partial([] {
        return std::string(*platform::find_embedded(embedded_files(), "templates/order_details.mustache"));
    }));
    mustache::data layout;
    layout.set("title", title);
    layout.set("body", render(name, data));
    layout.set("css", "/static/" + hashed_.at("style.css"));
    layout.set("logo", "/static/" + hashed_.at("logo.svg"));
    layout.set("csrf", session.csrf);
    layout.set("logged_in", session.logged_in() ? mustache::data::type::bool_true : mustache::data::type::bool_false);
    layout.set("first_name", session.first_name);
    layout.set("cart_count", std::to_string(session.cart_count));
    layout.set("mailbox", mailbox_enabled_ ? mustache::data::type::bool_true : mustache::data::type::bool_false);
    if (!session.flash.empty()) {
        layout.set("flash", session.flash);
        session.flash.clear();
        session.changed = true;
    }
    auto res = platform::http::bytes_response(status, render("layout", layout), "text/html; charset=utf-8");
    decorate(session, res);
    return res;
}

Response Views::redirect(Session& session, const std::string& location) const {
    auto res = platform::http::empty_response(303);
    res.set(boost::beast::http::field::location, location);
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
