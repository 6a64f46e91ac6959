// The server's request-target handling as the pipeline does it (pipeline.cpp, prepare): the target
// parsed by boost::urls::parse_origin_form, its decoded path checked for UTF-8, then the ENCODED
// path routed (the router splits it at '/' before decoding each segment) by a Router holding
// patterns like the services' (with the frontend's fallback). Invariants: a matched route fills
// one parameter per {name}; a parameter is never empty, and is exactly ONE decoded segment of the
// URL, the one at its position: a "%2F" stays inside its segment (the parameter then holds '/',
// which the handlers' shape checks refuse) and can never make the path reach another route.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <boost/url/parse.hpp>

#include "platform/http/router.hpp"
#include "platform/text.hpp"

namespace {

namespace http = rapidtrade::platform::http;

const http::Router& router() {
    static const http::Router r = [] {
        http::Router r;
        auto none = [](http::Request&) { return http::empty_response(204); };
        r.mount("catalog", nullptr)
            .get("/apis/products/", none)
            .post("/apis/products/", none)
            .get("/apis/products/categories", none)
            .get("/apis/products/{id}", none)
            .patch("/apis/products/{id}", none)
            .del("/apis/products/{id}", none)
            .get("/apis/products/images/{file}", none)
            .del("/apis/products/reservations/{id}", none);
        r.mount("cart", nullptr)
            .post("/apis/carts/", none)
            .get("/apis/carts/{id}", none)
            .del("/apis/carts/{id}", none)
            .post("/apis/carts/{id}/lines", none)
            .post("/apis/carts/{id}/merge", none)
            .patch("/apis/carts/{id}/lines/{product_id}", none)
            .del("/apis/carts/{id}/lines/{product_id}", none);
        r.mount("customers", nullptr).get("/apis/customers/me/addresses/{id}", none).get("/apis/customers/{id}", none);
        r.mount("frontend", nullptr).get("/produits/{id}", none).get("/static/{file}", none);
        http::Route fallback;
        fallback.pattern = "/*";
        fallback.service = "frontend";
        fallback.handler = none;
        r.set_fallback(std::move(fallback));
        return r;
    }();
    return r;
}

[[noreturn]] void fail(const char* what, std::string_view target, const std::string& route = "") {
    std::fprintf(stderr, "router_fuzz invariant broken: %s (target: %.*s, route: %s)\n", what,
                 static_cast<int>(target.size()), target.data(), route.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view target(reinterpret_cast<const char*>(data), size);
    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) return 0;                                     // the pipeline answers 400
    std::string path = parsed->path();                         // decoded, as req.path
    if (!rapidtrade::platform::is_valid_utf8(path)) return 0;  // 400 too
    // The URL's own decoded segments; the router ignores empty ones ("//", trailing "/").
    std::vector<std::string> segments;
    for (auto s : parsed->segments())
        if (!s.empty()) segments.emplace_back(s);

    for (auto method : {http::Verb::get, http::Verb::head, http::Verb::post, http::Verb::patch, http::Verb::delete_}) {
        std::vector<std::pair<std::string, std::string>> params;
        auto m = router().match(method, parsed->encoded_path(), params);  // as prepare() does
        if (m.kind == http::RouteMatch::Kind::method_not_allowed && m.allow.empty()) fail("405 without Allow", target);
        if (m.kind != http::RouteMatch::Kind::found || m.route == router().fallback()) continue;
        std::size_t expected = 0;
        for (const auto& seg : m.route->segments) expected += seg.starts_with('{');
        if (params.size() != expected) fail("not one parameter per {name}", target, m.route->pattern);
        for (const auto& [name, value] : params)
            if (value.empty()) fail("a parameter is empty", target, m.route->pattern);
        if (expected == 0) continue;
        if (segments.size() != m.route->segments.size())
            fail("the route has not as many segments as the URL", target, m.route->pattern);
        for (std::size_t i = 0, p = 0; i < segments.size(); ++i)
            if (m.route->segments[i].starts_with('{') && params[p++].second != segments[i])
                fail("a parameter is not the URL's decoded segment", target, m.route->pattern);
    }
    return 0;
}
