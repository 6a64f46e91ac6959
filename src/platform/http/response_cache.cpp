#include "platform/http/response_cache.hpp"

#include <mutex>

#include "platform/http/pipeline.hpp"

namespace rapidtrade::platform::http {

std::shared_ptr<const ResponseCache::Entry> ResponseCache::get(std::string_view key) const {
    if (!enabled()) return nullptr;
    std::shared_lock lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || std::chrono::steady_clock::now() - it->second.stored > ttl_) return nullptr;
    return it->second.entry;
}

std::uint64_t ResponseCache::generation() const {
    std::shared_lock lock(mutex_);
    return generation_;
}

void ResponseCache::put(const std::string& key, std::uint64_t generation, std::string body, std::string content_type) {
    if (!enabled()) return;
    auto etag = compute_etag(body);
    auto entry = std::make_shared<const Entry>(Entry{std::move(body), std::move(content_type), std::move(etag)});
    std::unique_lock lock(mutex_);
    if (generation != generation_) return;  // the data changed while this answer was computed
    if (entries_.size() >= max_entries_ && !entries_.contains(key)) entries_.clear();  // crude but bounded
    entries_[key] = Slot{std::move(entry), std::chrono::steady_clock::now()};
}

void ResponseCache::invalidate() {
    std::unique_lock lock(mutex_);
    ++generation_;
    entries_.clear();
}

}  // namespace rapidtrade::platform::http
