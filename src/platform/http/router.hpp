#pragma once
// Maps (method, path) to a handler. Patterns are literal segments and `{name}` parameters, e.g.
// "/apis/products/{id}". A trailing slash is not significant ("/apis/products/" == "/apis/products").
// Each service mounts its routes with its own name (a metrics label) and its own worker pool, so the
// all-in-one process answers on one listener exactly like the cluster's Ingress would.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/message.hpp"

namespace boost::asio {
class thread_pool;
}

namespace rapidtrade::platform::http {

using Handler = std::function<Response(Request&)>;
// Tried first, on the I/O thread, before the handler is sent to the worker pool: it must never
// block. Answers from memory (a cache hit) or returns nullopt to let the handler run.
using FastPath = std::function<std::optional<Response>(Request&)>;

struct Route {
    Verb method;
    std::string pattern;  // as registered, also the metrics label
    std::string service;
    Handler handler;
    FastPath fast_path;
    boost::asio::thread_pool* pool = nullptr;  // where the handler runs; null = on the I/O thread
    std::size_t max_body = 0;                  // the largest body this route reads; 0 = MAX_BODY_BYTES
    std::vector<std::string> segments;
    std::vector<bool> is_param;  // per segment: a `{name}` parameter (decided once, not per request)
    int literal_count = 0;
};

struct RouteMatch {
    enum class Kind { found, not_found, method_not_allowed } kind = Kind::not_found;
    const Route* route = nullptr;
    std::string allow;  // for 405: the methods the path accepts, e.g. "GET, PATCH"
};

class Router {
public:
    // Adds routes for one service. Handlers run on `pool` (null: inline on the I/O thread, only for
    // work that never blocks).
    class Mount {
    public:
        Mount& get(std::string pattern, Handler h) { return add(Verb::get, std::move(pattern), std::move(h)); }
        Mount& post(std::string pattern, Handler h) { return add(Verb::post, std::move(pattern), std::move(h)); }
        Mount& put(std::string pattern, Handler h) { return add(Verb::put, std::move(pattern), std::move(h)); }
        Mount& patch(std::string pattern, Handler h) { return add(Verb::patch, std::move(pattern), std::move(h)); }
        Mount& del(std::string pattern, Handler h) { return add(Verb::delete_, std::move(pattern), std::move(h)); }
        Mount& add(Verb method, std::string pattern, Handler h, FastPath fast = {});
        // A GET whose answer can often come from memory without leaving the I/O thread.
        Mount& get(std::string pattern, FastPath fast, Handler h) {
            return add(Verb::get, std::move(pattern), std::move(h), std::move(fast));
        }
        // The route added last reads bodies of up to `bytes` instead of the server's MAX_BODY_BYTES
        // (an upload), without raising the limit of every other route.
        Mount& max_body(std::size_t bytes);

    private:
        friend class Router;
        Mount(Router& router, std::string service, boost::asio::thread_pool* pool)
            : router_(router), service_(std::move(service)), pool_(pool) {}
        Router& router_;
        std::string service_;
        boost::asio::thread_pool* pool_;
    };

    Mount mount(std::string service, boost::asio::thread_pool* pool) { return Mount(*this, std::move(service), pool); }

    // Matches `path` (percent-encoded as on the request line, no query), filling `params`. The path
    // is split on its literal slashes first and each segment decoded after, so an encoded "%2F" stays
    // inside its segment: it can never reach another route. HEAD is answered by GET routes.
    RouteMatch match(Verb method, std::string_view path,
                     std::vector<std::pair<std::string, std::string>>& params) const;

    // The body limit of the request with this method and target (its path, percent-encoded, with or
    // without a query): the matched route's max_body, else `fallback` (MAX_BODY_BYTES).
    std::size_t body_limit(Verb method, std::string_view target, std::size_t fallback) const;
    // The largest body any request may carry: `fallback` or a route's larger max_body.
    std::size_t largest_body_limit(std::size_t fallback) const;

    // Called for paths no route matches (the web frontend owns everything outside /apis/).
    void set_fallback(Route route);

    const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }
    const Route* fallback() const { return fallback_.get(); }

private:
    std::vector<std::unique_ptr<Route>> routes_;
    // The routes by their number of segments, in the order added: a path is compared only with the
    // routes of its length (a tenth of them), not with every route of every service.
    std::vector<std::vector<const Route*>> by_length_;
    std::unique_ptr<Route> fallback_;
};

// Splits "/a/b/" into {"a", "b"}.
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace rapidtrade::platform::http
