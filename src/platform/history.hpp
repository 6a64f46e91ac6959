#pragma once
// A service's history of the changes made to what it owns (issue 15: who, what, when): who made a
// change (a staff member: their token's subject and e-mail; a service: the API key, no person; or
// the customer themselves), how entries are ordered, and an entry's JSON. Header only: the few
// lines every history shares (the catalogue's products, the customers).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "platform/auth/token_verifier.hpp"
#include "platform/service.hpp"

namespace rapidtrade::platform {

struct Actor {
    std::string kind;  // "staff", "service" or "customer"
    std::optional<std::string> staff_id, staff_email;

    static Actor staff(const auth::Claims& claims) { return {"staff", claims.subject, claims.email}; }
    static Actor service() { return {"service", std::nullopt, std::nullopt}; }
    static Actor customer() { return {"customer", std::nullopt, std::nullopt}; }
};

// require_api_key_or_staff, and who acts: a staff token alone names its person (the back-office's
// way, ShopApi::as_staff). With the key, a token that comes along names the person too when it holds
// the staff role, so it must verify (401 otherwise); one without the role (a service acting for a
// customer) leaves the change to the service.
inline Actor require_api_key_or_staff_actor(const http::Request& request, const std::vector<std::string>& keys,
                                            auth::TokenVerifier& tokens) {
    if (auto claims = require_api_key_or_staff(request, keys, tokens)) return Actor::staff(*claims);
    auto claims = auth::optional_bearer(request, tokens);
    return claims && is_staff(*claims) ? Actor::staff(*claims) : Actor::service();
}

// Orders a history's entries: microseconds since 1970, strictly increasing within the process (two
// entries in the same microsecond, or a clock set back, still come in the order they were made).
inline std::int64_t next_history_sequence() {
    static std::atomic<std::int64_t> last{0};
    auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::system_clock::now().time_since_epoch()).count();
    auto previous = last.load();
    std::int64_t next;
    do next = std::max<std::int64_t>(now, previous + 1);
    while (!last.compare_exchange_weak(previous, next));
    return next;
}

// One entry of a history as stored: when, what, who, and the details (a JSON object).
struct HistoryEntry {
    std::string at;     // ISO-8601 UTC
    std::string event;  // what happened: "updated", "exported"...
    std::string actor;  // Actor::kind
    std::optional<std::string> staff_id, staff_email;
    std::string details;
};

// Adds what every history entry answers besides its own fields (an order's history too):
// "staff": {"id", "email"} or null, and "details", the stored JSON text as an object ({} if unreadable).
inline void put_staff_and_details(boost::json::object& out, const std::optional<std::string>& staff_id,
                                  const std::optional<std::string>& staff_email, const std::string& details) {
    out["staff"] = staff_id ? boost::json::value({{"id", *staff_id}, {"email", staff_email.value_or("")}})
                            : boost::json::value(nullptr);
    boost::json::error_code ec;
    auto parsed = boost::json::parse(details, ec);
    out["details"] = !ec && parsed.is_object() ? parsed : boost::json::object();
}

// {"at", "event", "actor", "staff": {"id", "email"} or null, "details": {...}}
inline boost::json::object to_json(const HistoryEntry& e) {
    boost::json::object out{{"at", e.at}, {"event", e.event}, {"actor", e.actor}};
    put_staff_and_details(out, e.staff_id, e.staff_email, e.details);
    return out;
}

}  // namespace rapidtrade::platform
