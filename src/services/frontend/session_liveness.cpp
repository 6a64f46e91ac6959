#include "services/frontend/session_liveness.hpp"

#include "platform/encoding.hpp"
#include "platform/errors.hpp"
#include "services/frontend/shop_api.hpp"

namespace rapidtrade::frontend {
namespace {

// Bounded memory: past this many sessions the answers are forgotten (and asked again).
constexpr std::size_t kMaxKnown = 100000;
// A session ended here is remembered this long: longer than any access token lives (15 min).
constexpr std::chrono::hours kRememberEnded{1};

}  // namespace

bool SessionLiveness::alive(ShopApi& api, const std::string& refresh_token) {
    auto key = platform::sha256_hex(refresh_token);
    auto now = std::chrono::steady_clock::now();
    bool fallback = true;
    {
        std::lock_guard lock(mutex_);
        if (auto it = known_.find(key); it != known_.end()) {
            if (!it->second.alive) return false;
            if (now - it->second.checked < kCheckEvery) return true;
            fallback = it->second.alive;
        }
    }
    bool open = fallback;
    try {
        auto res = api.send("auth", platform::http::Verb::post, platform::http::Target{"apis", "auth", "session"},
                            {{"refresh_token", refresh_token}});
        if (res.status == 200) open = true;
        else if (res.status == 401) open = false;
    } catch (const platform::ServiceUnavailable&) {
    }
    std::lock_guard lock(mutex_);
    if (known_.size() >= kMaxKnown) {
        // Keep what must not be forgotten: the sessions ended here recently.
        std::erase_if(known_, [&](const auto& e) { return e.second.alive || now - e.second.checked > kRememberEnded; });
        if (known_.size() >= kMaxKnown) known_.clear();
    }
    known_[key] = Known{open, now};
    return open;
}

void SessionLiveness::ended(const std::string& refresh_token) {
    std::lock_guard lock(mutex_);
    known_[platform::sha256_hex(refresh_token)] = Known{false, std::chrono::steady_clock::now()};
}

}  // namespace rapidtrade::frontend
