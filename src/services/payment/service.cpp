#include "services/payment/service.hpp"

#include "platform/api_service.hpp"
#include "services/payment/handlers/handlers.hpp"
#include "services/payment/migrations.hpp"

namespace rapidtrade::payment {

handlers::Context::Context(const platform::ServiceContext& service, platform::db::Database& db,
                           boost::asio::thread_pool&)
    : platform::ServiceContext(service), store(db) {}

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return platform::make_api_service<handlers::Context>(context, "payment", migrations(), handlers::routes());
}

}  // namespace rapidtrade::payment
