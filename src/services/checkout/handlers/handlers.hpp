#pragma once
// The handlers of /apis/orders/ (one file each; their routes: routes.txt) and the Context they share
// (platform/api_service.hpp).
#include "platform/service.hpp"
#include "services/checkout/routes.hpp"
#include "services/checkout/follow_ups.hpp"
#include "services/checkout/idempotency.hpp"
#include "services/checkout/order_access.hpp"
#include "services/checkout/order_changes.hpp"
#include "services/checkout/saga.hpp"
#include "services/checkout/store.hpp"

namespace rapidtrade::checkout::handlers {

struct Context : platform::ServiceContext {
    Context(const platform::ServiceContext& service, platform::db::Database& db, boost::asio::thread_pool& workers);
    OrderStore store;
    OrderAccess access;  // the guest's order token (X-Order-Token)
    Saga saga;           // places an order across the services, undone on failure
    Idempotency idempotency;  // Idempotency-Key: one order per key, the same answer again
    OrderChanges changes;  // staff changes: ship, deliver, cancel and refund
    FollowUps follow_ups;  // what an order still has to do outside this database

    void on_migrated();  // orders placed before migration 3 get their search text
    void start() { follow_ups.start(); }
    void stop() { follow_ups.stop(); }
};

// The shop's staff (a token with the staff or admin role; staff_orders.cpp, order_changes.cpp,
// order_history.cpp).
Response list_all_orders(Context& ctx, const Request& request);  // GET /apis/orders/ with a staff token

}  // namespace rapidtrade::checkout::handlers
