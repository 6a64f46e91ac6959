#pragma once
// The catalogue's cache of GET answers. Reads dominate: an answer is kept in memory until the next
// write through this process, and at most CATALOG_CACHE_TTL_MS (1 s by default, 0 = off) so that a
// write through another replica shows up soon.
#include <chrono>
#include <optional>

#include "platform/config.hpp"
#include "platform/http/message.hpp"
#include "platform/http/response_cache.hpp"

namespace rapidtrade::catalog {

// CATALOG_CACHE_TTL_MS, from 0 (the cache off) to 24 h; ConfigError for anything else.
std::chrono::milliseconds cache_ttl(const platform::Env& env);

class ReadCache {
public:
    explicit ReadCache(std::chrono::milliseconds ttl) : cache_(ttl, kMaxEntries) {}

    // The fast path, on the I/O thread: the kept answer to this very target, if any.
    std::optional<platform::http::Response> answer(const platform::http::Request& request) const;

    // Keeps a successful read for the next identical request. The generation is read before the
    // answer is computed: a write that commits meanwhile bumps it, and the stale answer is refused.
    template <class Compute>
    platform::http::Response remember(const platform::http::Request& request, Compute compute) {
        auto generation = cache_.generation();
        platform::http::Response res = compute();
        if (res.result() == boost::beast::http::status::ok) keep(request, generation, res);
        return res;
    }

    // After a write: every later read is computed afresh.
    platform::http::Response forget(platform::http::Response res) {
        cache_.invalidate();
        return res;
    }

private:
    static constexpr std::size_t kMaxEntries = 2000;
    void keep(const platform::http::Request& request, std::uint64_t generation, const platform::http::Response& res);
    platform::http::ResponseCache cache_;
};

}  // namespace rapidtrade::catalog
