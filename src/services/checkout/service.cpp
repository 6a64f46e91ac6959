#include "services/checkout/service.hpp"

#include "platform/api_service.hpp"
#include "services/checkout/handlers/handlers.hpp"
#include "services/checkout/migrations.hpp"

namespace rapidtrade::checkout {

handlers::Context::Context(const platform::ServiceContext& service, platform::db::Database& db,
                           boost::asio::thread_pool& workers)
    : platform::ServiceContext(service),
      store(db),
      access(service.api_keys.front()),
      saga(store, service.client, service.upstreams,
           service.env.millis("CHECKOUT_RECONCILE_AFTER_MS", std::chrono::milliseconds(120000))),
      idempotency(store),
      changes(store, service.client, service.upstreams),
      follow_ups(store, saga, changes, service.metrics, workers,
                 service.env.millis("CHECKOUT_FOLLOWUP_MS", std::chrono::milliseconds(5000))) {}

// A few orders at a time: one statement each.
void handlers::Context::on_migrated() {
    while (store.fill_search_text(500) > 0) {
    }
}

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return platform::make_api_service<handlers::Context>(context, "checkout", migrations(), handlers::routes());
}

}  // namespace rapidtrade::checkout
