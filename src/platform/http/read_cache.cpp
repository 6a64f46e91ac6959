#include "platform/http/read_cache.hpp"

namespace rapidtrade::platform::http {

std::optional<Response> ReadCache::answer(const Request& request) const {
    auto entry = cache_.get(request.raw.target());
    if (!entry) return std::nullopt;
    auto res = bytes_response(200, entry->body, entry->content_type);
    res.set(boost::beast::http::field::etag, entry->etag);
    return res;
}

void ReadCache::keep(const Request& request, std::uint64_t generation,
                     const Response& res) {
    cache_.put(std::string(request.raw.target()), generation, res.body(),
               std::string(res[boost::beast::http::field::content_type]));
}

}  // namespace rapidtrade::platform::http
