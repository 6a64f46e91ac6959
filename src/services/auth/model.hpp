#pragma once
// A credential (a customer's, or a staff account's) as the store keeps it, and what of it may be
// shown on the wire.
#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

namespace rapidtrade::auth {

struct Credential {
    std::string customer_id;
    std::string email;  // normalised
    std::string password_hash;
    std::vector<std::string> roles;  // customer, staff, admin
    bool disabled = false;           // a disabled account cannot log in (staff accounts)
    std::int64_t created_at = 0;     // Unix seconds
    std::string created_by{};        // staff accounts: the admin's e-mail, or "ligne de commande"
    std::string disabled_by{};       // the same, once disabled
    std::int64_t disabled_at = 0;    // Unix seconds; 0 while active
};

// Staff accounts hold the staff or the admin role (an admin is staff too).
bool is_staff_account(const Credential& c);
// "admin" or "staff" for a staff account.
std::string staff_role(const Credential& c);
// When the account was created, ISO-8601 UTC ("2026-12-02T04:10:31Z").
std::string created_iso(const Credential& c);
// A staff account as GET /apis/auth/staff/ lists it: id, email, role, state, when and by whom it
// was added and disabled.
boost::json::object staff_json(const Credential& c);

// The id and e-mail only: the password hash never leaves the service.
boost::json::object to_json(const Credential& c);

}  // namespace rapidtrade::auth
