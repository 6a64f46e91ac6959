#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "platform/address.hpp"

namespace rapidtrade::customers {

struct Customer {
    std::string id;
    std::string email;
    std::string first_name;
    std::string last_name;
    std::string created_at;
    std::string language = "fr";  // "fr" or "en" (issue 17): the shop and e-mails in it
};

struct StoredAddress {
    std::string id;
    platform::Address address;
};

// A customer's erasure (RGPD) as recorded: the profile is gone; the steps are the other services'
// data, each done once that service confirmed it.
struct Erasure {
    std::string customer_id;
    std::string requested_at;
    std::string requested_by;  // "customer", or "staff:<the staff member's id>"
    std::string finished_at;   // empty while a step is pending
    std::int64_t attempts = 0;  // rounds that left a step pending
    std::string last_error;
    std::vector<std::string> pending_steps;
};

boost::json::object to_json(const Customer& c);
boost::json::object to_json(const Erasure& e);
boost::json::object to_json(const StoredAddress& a);

}  // namespace rapidtrade::customers
