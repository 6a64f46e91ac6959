#pragma once
// One function per endpoint of /apis/orders/.
#include <string>
#include <vector>

#include "platform/auth/token_verifier.hpp"
#include "platform/http/message.hpp"
#include "platform/metrics.hpp"
#include "services/checkout/follow_ups.hpp"
#include "services/checkout/idempotency.hpp"
#include "services/checkout/order_access.hpp"
#include "services/checkout/order_changes.hpp"
#include "services/checkout/saga.hpp"
#include "services/checkout/store.hpp"

namespace rapidtrade::checkout::handlers {

using platform::http::Request;
using platform::http::Response;

struct Context {
    OrderStore& store;
    Saga& saga;
    Idempotency& idempotency;
    FollowUps& follow_ups;
    const OrderAccess& access;
    platform::auth::TokenVerifier& tokens;
    std::vector<std::string> api_keys;
    platform::Metrics& metrics;
    OrderChanges& changes;
};

Response place_order(Context& ctx, const Request& request);  // POST /apis/orders/ (API key; Bearer; Idempotency-Key)
Response list_orders(Context& ctx, const Request& request);  // GET  /apis/orders/ (Bearer)
// GET /apis/orders/customers/{customer_id} (staff token)
Response orders_of_customer(Context& ctx, const Request& request);
// DELETE /apis/orders/customers/{customer_id}/personal-data (API key): RGPD erasure, orders kept anonymised
Response anonymise_customer_orders(Context& ctx, const Request& request);
Response get_order(Context& ctx, const Request& request);    // GET  /apis/orders/{reference}

// The shop's staff (a token with the staff or admin role; staff_orders.cpp, order_changes.cpp,
// order_history.cpp).
Response list_all_orders(Context& ctx, const Request& request);  // GET /apis/orders/ with a staff token
Response ship_order(Context& ctx, const Request& request);       // POST /apis/orders/{reference}/shipment
Response deliver_order(Context& ctx, const Request& request);    // POST /apis/orders/{reference}/delivery
Response cancel_order(Context& ctx, const Request& request);     // POST /apis/orders/{reference}/cancellation
Response order_history(Context& ctx, const Request& request);    // GET  /apis/orders/{reference}/history

}  // namespace rapidtrade::checkout::handlers
