#include "services/catalog/read_cache.hpp"

namespace rapidtrade::catalog {

std::chrono::milliseconds cache_ttl(const platform::Env& env) {
    return env.millis("CATALOG_CACHE_TTL_MS", std::chrono::milliseconds(1000), std::chrono::milliseconds(0));
}

std::optional<platform::http::Response> ReadCache::answer(const platform::http::Request& request) const {
    auto entry = cache_.get(std::string(request.raw.target()));
    if (!entry) return std::nullopt;
    auto res = platform::http::bytes_response(200, entry->body, entry->content_type);
    res.set(boost::beast::http::field::etag, entry->etag);
    return res;
}

void ReadCache::keep(const platform::http::Request& request, std::uint64_t generation,
                     const platform::http::Response& res) {
    cache_.put(std::string(request.raw.target()), generation, res.body(),
               std::string(res[boost::beast::http::field::content_type]));
}

}  // namespace rapidtrade::catalog
