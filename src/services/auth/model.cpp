#include "services/auth/model.hpp"

#include "platform/clock.hpp"

namespace rapidtrade::auth {

bool is_staff_account(const Credential& c) {
    for (const auto& r : c.roles)
        if (r == "staff" || r == "admin") return true;
    return false;
}

std::string staff_role(const Credential& c) {
    for (const auto& r : c.roles)
        if (r == "admin") return "admin";
    return "staff";
}

std::string created_iso(const Credential& c) {
    return platform::iso_utc(std::chrono::system_clock::time_point(std::chrono::seconds(c.created_at)));
}

boost::json::object to_json(const Credential& c) { return {{"customer_id", c.customer_id}, {"email", c.email}}; }

}  // namespace rapidtrade::auth
