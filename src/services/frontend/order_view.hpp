#pragma once
// An order as the pages show it (confirmation, "Mes commandes").
#include <boost/json/object.hpp>

#include "services/frontend/views.hpp"

namespace rapidtrade::frontend {

mustache::data order_summary(const boost::json::object& order);
mustache::data order_details(const boost::json::object& order);

}  // namespace rapidtrade::frontend
