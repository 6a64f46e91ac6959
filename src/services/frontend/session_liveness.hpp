#pragma once
// Whether a logged-in session is still open. The session lives in the visitor's cookie, so a copy
// of that cookie would otherwise keep working after log-out until its access token expires. The
// auth service knows whether the log-in (its refresh-token family) is still open; each replica asks
// it at most every kCheckEvery per session, and knows of a log-out it served at once.
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace rapidtrade::frontend {

class ShopApi;

class SessionLiveness {
public:
    static constexpr std::chrono::seconds kCheckEvery{2};

    // False once the session of `refresh_token` was ended (here, or at auth as seen within
    // kCheckEvery). When auth cannot be asked, the last answer stands (or true): an auth outage
    // must not log every shopper out, and their tokens are still checked by every service.
    bool alive(ShopApi& api, const std::string& refresh_token);
    // This replica logged the session out: refused from now on, without asking.
    void ended(const std::string& refresh_token);

private:
    struct Known {
        bool alive;
        std::chrono::steady_clock::time_point checked;
    };
    std::mutex mutex_;
    std::unordered_map<std::string, Known> known_;  // by SHA-256 of the refresh token
};

}  // namespace rapidtrade::frontend
