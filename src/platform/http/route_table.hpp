#pragma once
// A service's routes as data. services/<name>/routes.txt lists METHOD PATH HANDLER [options], one
// line a route; tools/codegen declares each handler and builds the table (services/<name>/routes.hpp,
// generated); the service's mount() hands that table to mount_routes(). So a new endpoint is a line
// of routes.txt and a file of handlers/, the same in every service.
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "platform/http/read_cache.hpp"
#include "platform/http/router.hpp"

namespace rapidtrade::platform::http {

// How a route meets the service's ReadCache: not at all, a GET answered from it (on the I/O thread)
// and kept in it, or a write that empties it.
enum class Caching { none, read, clear };

template <class Context>
struct RouteEntry {
    Verb method;
    std::string_view pattern;
    Response (*handler)(Context&, const Request&);
    Caching caching;
    std::size_t max_body;  // 0: the server's MAX_BODY_BYTES
};

// Mounts every route of `routes` on `mount`, its handler called with `ctx`. `cache` is needed only
// when a route names one (cache=read or cache=clear); a table that does without one is a bug
// found at start-up.
template <class Context>
void mount_routes(Router::Mount mount, Context& ctx, std::span<const RouteEntry<Context>> routes,
                  ReadCache* cache = nullptr) {
    for (const auto& route : routes) {
        auto* c = &ctx;
        auto* handler = route.handler;
        std::string pattern(route.pattern);
        if (route.caching != Caching::none && cache == nullptr)
            throw std::logic_error("route " + pattern + " uses a read cache the service does not have");
        switch (route.caching) {
            case Caching::none:
                mount.add(route.method, pattern, [c, handler](Request& r) { return handler(*c, r); });
                break;
            case Caching::read:
                mount.add(
                    route.method, pattern,
                    [c, handler, cache](Request& r) { return cache->remember(r, [&] { return handler(*c, r); }); },
                    [cache](Request& r) { return cache->answer(r); });
                break;
            case Caching::clear:
                mount.add(route.method, pattern,
                          [c, handler, cache](Request& r) { return cache->forget(handler(*c, r)); });
                break;
        }
        if (route.max_body != 0) mount.max_body(route.max_body);
    }
}

}  // namespace rapidtrade::platform::http
