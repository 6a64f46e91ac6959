#pragma once
// The handlers of /apis/shipping/ (one file each; their routes: routes.txt) and the Context they share
// (platform/api_service.hpp).
#include <utility>

#include <boost/json/object.hpp>

#include "platform/address.hpp"
#include "platform/service.hpp"
#include "services/shipping/routes.hpp"
#include "services/shipping/rules.hpp"
#include "services/shipping/store.hpp"

namespace rapidtrade::shipping::handlers {

struct Context : platform::ServiceContext {
    Context(const platform::ServiceContext& service, platform::db::Database& db, boost::asio::thread_pool& workers);
    ShipmentStore store;
    ShippingRules rules;  // SHIPPING_RULES: the countries served and their prices
};

// The rate for the address in the body's `address` member; 400 when it is missing or invalid, 422
// when its country is not served.
std::pair<platform::Address, Rate> priced_address(Context& ctx, const boost::json::object& body);

}  // namespace rapidtrade::shipping::handlers
