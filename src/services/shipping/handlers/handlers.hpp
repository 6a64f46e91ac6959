#pragma once
// One function per endpoint group of /apis/shipping/.
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "platform/address.hpp"
#include "platform/http/message.hpp"
#include "services/shipping/rules.hpp"
#include "services/shipping/store.hpp"

namespace rapidtrade::shipping::handlers {

using platform::http::Request;
using platform::http::Response;

struct Context {
    ShipmentStore& store;
    const ShippingRules& rules;
    std::vector<std::string> api_keys;
};

// The rate for the address in the body's `address` member; 400 when it is missing or invalid, 422
// when its country is not served.
std::pair<platform::Address, Rate> priced_address(Context& ctx, const boost::json::object& body);

Response quote(Context& ctx, const Request& request);            // POST /apis/shipping/quote
Response create_shipment(Context& ctx, const Request& request);  // POST /apis/shipping/shipments
Response get_shipment(Context& ctx, const Request& request);     // GET  /apis/shipping/shipments/{tracking_id}
Response list_countries(Context& ctx, const Request& request);   // GET  /apis/shipping/countries (public)

}  // namespace rapidtrade::shipping::handlers
