#pragma once
// Log-in throttling: after too many failures for one e-mail, or from one client address, within a
// window, further attempts get 429 with Retry-After until the window has passed. In memory, per
// replica (a cluster with N auth replicas allows up to N times the limit; stated in docs).
#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace rapidtrade::auth {

class LoginThrottle {
public:
    using Clock = std::chrono::steady_clock;
    LoginThrottle(int max_per_email, int max_per_address, std::chrono::seconds window)
        : max_per_email_(max_per_email), max_per_address_(max_per_address), window_(window) {}

    // Seconds to wait before trying again, or 0 when an attempt is allowed now.
    int retry_after(const std::string& email, const std::string& address);
    void record_failure(const std::string& email, const std::string& address);
    void record_success(const std::string& email);

private:
    int wait_for(std::deque<Clock::time_point>& failures, int max, Clock::time_point now);
    void prune(std::deque<Clock::time_point>& failures, Clock::time_point now);

    int max_per_email_, max_per_address_;
    std::chrono::seconds window_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::deque<Clock::time_point>> by_email_, by_address_;
};

}  // namespace rapidtrade::auth
