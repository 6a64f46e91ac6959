#pragma once
// A read-mostly service's cache of whole GET answers (the catalogue's): an answer is kept in memory
// until the next write through this process, and at most `ttl` so that a write through another
// replica shows up soon. A service's routes.txt says which routes read through it (cache=read) and
// which writes empty it (cache=clear); mount_routes() does the rest.
#include <chrono>
#include <optional>

#include "platform/http/message.hpp"
#include "platform/http/response_cache.hpp"

namespace rapidtrade::platform::http {

class ReadCache {
public:
    explicit ReadCache(std::chrono::milliseconds ttl) : cache_(ttl, kMaxEntries) {}

    // The fast path, on the I/O thread: the kept answer to this very target, if any.
    std::optional<Response> answer(const Request& request) const;

    // Keeps a successful read for the next identical request. The generation is read before the
    // answer is computed: a write that commits meanwhile bumps it, and the stale answer is refused.
    template <class Compute>
    Response remember(const Request& request, Compute compute) {
        auto generation = cache_.generation();
        Response res = compute();
        if (res.result() == boost::beast::http::status::ok) keep(request, generation, res);
        return res;
    }

    // After a write: every later read is computed afresh.
    Response forget(Response res) {
        cache_.invalidate();
        return res;
    }

private:
    static constexpr std::size_t kMaxEntries = 2000;
    void keep(const Request& request, std::uint64_t generation, const Response& res);
    ResponseCache cache_;
};

}  // namespace rapidtrade::platform::http
