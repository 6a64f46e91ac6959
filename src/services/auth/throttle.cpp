#include "services/auth/throttle.hpp"

namespace rapidtrade::auth {

void LoginThrottle::prune(std::deque<Clock::time_point>& failures, Clock::time_point now) {
    while (!failures.empty() && now - failures.front() >= window_) failures.pop_front();
}

int LoginThrottle::wait_for(std::deque<Clock::time_point>& failures, int max, Clock::time_point now) {
    prune(failures, now);
    if (static_cast<int>(failures.size()) < max) return 0;
    // Allowed again once the oldest failure that keeps the count at the limit leaves the window.
    auto until = failures[failures.size() - static_cast<std::size_t>(max)] + window_;
    auto secs = std::chrono::ceil<std::chrono::seconds>(until - now).count();
    return secs < 1 ? 1 : static_cast<int>(secs);
}

int LoginThrottle::retry_after(const std::string& email, const std::string& address) {
    std::lock_guard lock(mutex_);
    auto now = Clock::now();
    int a = wait_for(by_email_[email], max_per_email_, now);
    int b = wait_for(by_address_[address], max_per_address_, now);
    // Bound memory: forget keys with no recent failures.
    if (by_email_.size() > 100000 || by_address_.size() > 100000) {
        for (auto* map : {&by_email_, &by_address_})
            for (auto it = map->begin(); it != map->end();) {
                prune(it->second, now);
                it = it->second.empty() ? map->erase(it) : std::next(it);
            }
    }
    return a > b ? a : b;
}

void LoginThrottle::record_failure(const std::string& email, const std::string& address) {
    std::lock_guard lock(mutex_);
    auto now = Clock::now();
    by_email_[email].push_back(now);
    by_address_[address].push_back(now);
}

void LoginThrottle::record_success(const std::string& email) {
    std::lock_guard lock(mutex_);
    by_email_.erase(email);
}

}  // namespace rapidtrade::auth
