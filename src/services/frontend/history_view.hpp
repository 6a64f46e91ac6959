#pragma once
// A history of the services (issue 15: GET .../history, entries {at, event, actor, staff, details})
// as the back-office shows it, in French: when, who. The order, customer, product and categories
// pages use it.
#include <string>

#include <optional>

#include <boost/json/object.hpp>
#include <kainjow/mustache.hpp>

namespace rapidtrade::frontend {

// "26/11/2026 04:02" from "2026-11-26T04:02:49Z" (UTC, as stored).
std::string history_when(const std::string& at);
// The staff member's e-mail; "le client" for the customer themselves; "la boutique" otherwise (a
// service, with the API key, or the shop finishing something itself).
std::string history_who(const boost::json::object& entry);

// The rows of a history answer (GET .../history: {items: [{at, event, actor, staff, details}]}),
// each {when, who, what}, `what` said by `describe`; nullopt when the answer is not a list.
std::optional<kainjow::mustache::list> history_rows(const boost::json::value& answer,
                                                     std::string (*describe)(const boost::json::object& entry));
// Sets what templates/admin_history.mustache shows: the rows, or `empty` when there are none, or
// that the history is not available (nullopt: the service did not answer).
void set_history(kainjow::mustache::data& d, std::optional<kainjow::mustache::list> rows, const std::string& empty);

}  // namespace rapidtrade::frontend
