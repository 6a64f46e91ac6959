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

boost::json::object staff_json(const Credential& c) {
    auto or_null = [](const std::string& s) { return s.empty() ? boost::json::value(nullptr) : boost::json::value(s); };
    boost::json::value disabled_at = nullptr;
    if (c.disabled)
        disabled_at = platform::iso_utc(std::chrono::system_clock::time_point(std::chrono::seconds(c.disabled_at)));
    return {{"id", c.customer_id},
            {"email", c.email},
            {"role", staff_role(c)},
            {"state", c.disabled ? "disabled" : "active"},
            {"created_at", created_iso(c)},
            {"created_by", or_null(c.created_by)},
            {"disabled_at", disabled_at},
            {"disabled_by", or_null(c.disabled_by)}};
}

boost::json::object to_json(const Credential& c) { return {{"customer_id", c.customer_id}, {"email", c.email}}; }

}  // namespace rapidtrade::auth
