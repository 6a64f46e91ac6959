#pragma once
// A history of the services (issue 15: GET .../history, entries {at, event, actor, staff, details})
// as the back-office shows it, in French: when, who. The order page and the customer page use it;
// the product page may (ShopApi::product_history).
#include <string>

#include <boost/json/object.hpp>

namespace rapidtrade::frontend {

// "26/11/2026 04:02" from "2026-11-26T04:02:49Z" (UTC, as stored).
std::string history_when(const std::string& at);
// The staff member's e-mail; "le client" for the customer themselves; "la boutique" otherwise (a
// service, with the API key, or the shop finishing something itself).
std::string history_who(const boost::json::object& entry);

}  // namespace rapidtrade::frontend
