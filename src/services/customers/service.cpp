#include "services/customers/service.hpp"

#include "contracts/demo.hpp"
#include "platform/api_service.hpp"
#include "platform/errors.hpp"
#include "platform/log.hpp"
#include "services/customers/handlers/handlers.hpp"
#include "services/customers/migrations.hpp"

namespace rapidtrade::customers {

handlers::Context::Context(const platform::ServiceContext& service, platform::db::Database& db,
                           boost::asio::thread_pool&)
    : platform::ServiceContext(service),
      store(db),
      erasure(store, service.client, service.upstreams, service.metrics),
      retries(store, erasure, service.env.millis("ERASURE_RETRY_MS", std::chrono::milliseconds(30000))) {}

// Under the id the auth service seeds the demo credential with.
void handlers::Context::seed() {
    namespace demo = contracts::demo;
    if (!seed_demo_data || store.find(demo::kCustomerId)) return;
    try {
        store.create({demo::kCustomerId, demo::kEmail, demo::kFirstName, demo::kLastName, {}, "fr"});
        store.add_address(demo::kCustomerId,
                          {std::string(demo::kFirstName) + " " + demo::kLastName, demo::kStreet, demo::kCity,
                           demo::kPostalCode, demo::kCountry},
                          demo::kAddressId);
        platform::log::info("demo_customer_seeded", {{"email", demo::kEmail}});
    } catch (const platform::Conflict&) {
    }
}

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return platform::make_api_service<handlers::Context>(context, "customers", migrations(), handlers::routes());
}

}  // namespace rapidtrade::customers
