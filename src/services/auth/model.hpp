#pragma once
// A customer's credential as the store keeps it, and what of it may be shown on the wire.
#include <string>
#include <vector>

#include <boost/json/object.hpp>

namespace rapidtrade::auth {

struct Credential {
    std::string customer_id;
    std::string email;  // normalised
    std::string password_hash;
    std::vector<std::string> roles;
};

// The id and e-mail only: the password hash never leaves the service.
boost::json::object to_json(const Credential& c);

}  // namespace rapidtrade::auth
