#pragma once
#include <string>

#include <boost/json/object.hpp>

#include "platform/address.hpp"

namespace rapidtrade::customers {

struct Customer {
    std::string id;
    std::string email;
    std::string first_name;
    std::string last_name;
    std::string created_at;
};

struct StoredAddress {
    std::string id;
    platform::Address address;
};

boost::json::object to_json(const Customer& c);
boost::json::object to_json(const StoredAddress& a);

}  // namespace rapidtrade::customers
