#include "services/shipping/service.hpp"

#include "platform/api_service.hpp"
#include "services/shipping/handlers/handlers.hpp"
#include "services/shipping/migrations.hpp"

namespace rapidtrade::shipping {

handlers::Context::Context(const platform::ServiceContext& service, platform::db::Database& db,
                           boost::asio::thread_pool&)
    : platform::ServiceContext(service),
      store(db),
      rules(ShippingRules::parse(service.env.string("SHIPPING_RULES", ShippingRules::kDefault))) {}

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return platform::make_api_service<handlers::Context>(context, "shipping", migrations(), handlers::routes());
}

}  // namespace rapidtrade::shipping
