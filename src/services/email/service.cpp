#include "services/email/service.hpp"

#include "platform/api_service.hpp"
#include "services/email/handlers/handlers.hpp"
#include "services/email/migrations.hpp"
#include "services/email/smtp.hpp"

namespace rapidtrade::email {

handlers::Context::Context(const platform::ServiceContext& service, platform::db::Database& db,
                           boost::asio::thread_pool&)
    : platform::ServiceContext(service),
      outbox(db),
      dispatcher(outbox, smtp_sender_from(service.env),
                 DispatcherOptions{service.env.millis("EMAIL_POLL_MS", std::chrono::milliseconds(500)),
                                   service.env.millis("EMAIL_RETRY_BASE_MS", std::chrono::milliseconds(1000)),
                                   static_cast<int>(service.env.integer("EMAIL_MAX_ATTEMPTS", 20, 1, 1000)),
                                   &service.metrics}),
      from(service.env.string("EMAIL_FROM", "RapidTrade Co. <no-reply@rapidtrade.example.fr>")) {}

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return platform::make_api_service<handlers::Context>(context, "email", migrations(), handlers::routes());
}

}  // namespace rapidtrade::email
