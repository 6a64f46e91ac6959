#include "services/catalog/service.hpp"

#include "platform/api_service.hpp"
#include "services/catalog/cache_ttl.hpp"
#include "services/catalog/handlers/handlers.hpp"
#include "services/catalog/migrations.hpp"
#include "services/catalog/seed.hpp"

namespace rapidtrade::catalog {

handlers::Context::Context(const platform::ServiceContext& service, platform::db::Database& db,
                           boost::asio::thread_pool&)
    : platform::ServiceContext(service),
      store(db),
      stock_outs(service.metrics.counter("rapidtrade_stock_outs_total", "Reservations refused for lack of stock")),
      cache(cache_ttl(service.env)) {}

void handlers::Context::seed() { seed_catalog(store); }

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return platform::make_api_service<handlers::Context>(context, "catalog", migrations(), handlers::routes());
}

}  // namespace rapidtrade::catalog
