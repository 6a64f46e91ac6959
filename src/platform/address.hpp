#pragma once
// A postal address as it crosses the wire (customers' address book, order shipping address):
// {full_name, street, city, postal_code, country}. Country is ISO 3166 alpha-2 (default FR);
// French postal codes are 5 digits.
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "platform/errors.hpp"

namespace rapidtrade::platform {

struct Address {
    std::string full_name;
    std::string street;
    std::string city;
    std::string postal_code;
    std::string country = "FR";
};

boost::json::object to_json(const Address& a);
// Reads and validates; field errors are prefixed (e.g. "shipping_address.postal_code") and added
// to `errors`. Unknown fields are errors too.
Address address_from_json(const boost::json::value& v, const std::string& prefix, std::vector<FieldError>& errors);

}  // namespace rapidtrade::platform
