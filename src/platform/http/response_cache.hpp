#pragma once
// A small in-memory cache of whole GET answers (body bytes), for read-mostly services such as the
// catalogue. Entries are keyed by the request target and dropped when the service changes its
// data (invalidate) or when they are older than the TTL, which bounds how stale a replica can be
// after another replica's write. Thread-safe.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "platform/text.hpp"

namespace rapidtrade::platform::http {

class ResponseCache {
public:
    ResponseCache(std::chrono::milliseconds ttl, std::size_t max_entries) : ttl_(ttl), max_entries_(max_entries) {}

    struct Entry {
        std::string body;
        std::string content_type;
        std::string etag;
    };

    std::shared_ptr<const Entry> get(std::string_view key) const;
    // A generation read before computing an answer; put() ignores the answer if data changed since.
    std::uint64_t generation() const;
    void put(const std::string& key, std::uint64_t generation, std::string body, std::string content_type);
    void invalidate();
    bool enabled() const { return ttl_.count() > 0; }

private:
    struct Slot {
        std::shared_ptr<const Entry> entry;
        std::chrono::steady_clock::time_point stored;
    };
    std::chrono::milliseconds ttl_;
    std::size_t max_entries_;
    mutable std::shared_mutex mutex_;
    // Looked up by a view of the request's target, without copying it (transparent hash).
    std::unordered_map<std::string, Slot, TransparentStringHash, std::equal_to<>> entries_;
    std::uint64_t generation_ = 0;
};

}  // namespace rapidtrade::platform::http
