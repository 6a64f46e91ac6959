#include "services/cart/service.hpp"

#include <chrono>

#include "platform/api_service.hpp"
#include "services/cart/handlers/handlers.hpp"
#include "services/cart/migrations.hpp"

namespace rapidtrade::cart {

handlers::Context::Context(const platform::ServiceContext& service, platform::db::Database& db,
                           boost::asio::thread_pool&)
    : platform::ServiceContext(service),
      store(db),
      catalog(service.client, service.upstreams),
      abandoned(store, std::chrono::seconds(service.env.integer("CART_TTL_S", 7 * 24 * 3600, 60, 365LL * 24 * 3600))) {}

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return platform::make_api_service<handlers::Context>(context, "cart", migrations(), handlers::routes());
}

}  // namespace rapidtrade::cart
