#include "services/checkout/service.hpp"

#include "services/checkout/follow_ups.hpp"
#include "services/checkout/handlers/handlers.hpp"
#include "services/checkout/idempotency.hpp"
#include "services/checkout/migrations.hpp"
#include "services/checkout/order_access.hpp"
#include "services/checkout/order_changes.hpp"
#include "services/checkout/saga.hpp"
#include "services/checkout/store.hpp"

namespace rapidtrade::checkout {
namespace {

using platform::http::Request;

class CheckoutService final : public platform::DatabaseService {
public:
    explicit CheckoutService(const platform::ServiceContext& ctx)
        : platform::DatabaseService(ctx, "checkout", migrations()),
          store_(db()),
          access_(ctx.api_keys.front()),
          saga_(store_, ctx.client, ctx.upstreams,
                ctx.env.millis("CHECKOUT_RECONCILE_AFTER_MS", std::chrono::milliseconds(120000))),
          idempotency_(store_),
          changes_(store_, ctx.client, ctx.upstreams),
          follow_ups_(store_, saga_, changes_, ctx.metrics, workers(),
                      ctx.env.millis("CHECKOUT_FOLLOWUP_MS", std::chrono::milliseconds(5000))),
          handlers_{store_, saga_, idempotency_, follow_ups_, access_, ctx.tokens, ctx.api_keys, ctx.metrics, changes_} {}

    ~CheckoutService() override {
        // When main did not (`rapidtrade migrate`, a failed start-up); while the pool still runs,
        // which the follow-ups' batches in flight need to finish.
        follow_ups_.stop();
        workers().stop();
        stop_workers();
    }

    void mount(platform::http::Router& router) override {
        auto* h = &handlers_;
        router.mount("checkout", &workers())
            .post("/apis/orders/", [h](Request& r) { return handlers::place_order(*h, r); })
            .get("/apis/orders/", [h](Request& r) { return handlers::list_orders(*h, r); })
            .get("/apis/orders/{reference}", [h](Request& r) { return handlers::get_order(*h, r); })
            .get("/apis/orders/customers/{customer_id}", [h](Request& r) { return handlers::orders_of_customer(*h, r); })
            .del("/apis/orders/customers/{customer_id}/personal-data", [h](Request& r) { return handlers::anonymise_customer_orders(*h, r); })
            .post("/apis/orders/{reference}/shipment", [h](Request& r) { return handlers::ship_order(*h, r); })
            .post("/apis/orders/{reference}/delivery", [h](Request& r) { return handlers::deliver_order(*h, r); })
            .post("/apis/orders/{reference}/cancellation", [h](Request& r) { return handlers::cancel_order(*h, r); })
            .get("/apis/orders/{reference}/history", [h](Request& r) { return handlers::order_history(*h, r); });
    }

    void start() override { follow_ups_.start(); }
    // Orders placed before migration 3 get their search text (a few at a time: one statement each).
    void on_migrated() override {
        while (store_.fill_search_text(500) > 0) {
        }
    }
    void stop() override { follow_ups_.stop(); }

private:
    OrderStore store_;
    OrderAccess access_;
    Saga saga_;
    Idempotency idempotency_;
    OrderChanges changes_;
    FollowUps follow_ups_;
    handlers::Context handlers_;
};

}  // namespace

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<CheckoutService>(context);
}

}  // namespace rapidtrade::checkout
