#include "services/email/service.hpp"

#include "services/email/dispatcher.hpp"
#include "services/email/handlers/handlers.hpp"
#include "services/email/migrations.hpp"
#include "services/email/outbox.hpp"
#include "services/email/smtp.hpp"

namespace rapidtrade::email {
namespace {

using platform::http::Request;

class EmailService final : public platform::DatabaseService {
public:
    explicit EmailService(const platform::ServiceContext& ctx)
        : platform::DatabaseService(ctx, "email", migrations()),
          outbox_(db()),
          dispatcher_(outbox_, smtp_sender_from(ctx.env),
                      DispatcherOptions{ctx.env.millis("EMAIL_POLL_MS", std::chrono::milliseconds(500)),
                                        ctx.env.millis("EMAIL_RETRY_BASE_MS", std::chrono::milliseconds(1000)),
                                        static_cast<int>(ctx.env.integer("EMAIL_MAX_ATTEMPTS", 20, 1, 1000)),
                                        &ctx.metrics}),
          handlers_{outbox_,
                    dispatcher_,
                    ctx.api_keys,
                    ctx.tokens,
                    ctx.env.string("EMAIL_FROM", "RapidTrade Co. <no-reply@rapidtrade.example.fr>"),
                    ctx.metrics} {}

    ~EmailService() override { stop_workers(); }

    void mount(platform::http::Router& router) override {
        auto* h = &handlers_;
        router.mount("email", &workers())
            .post("/apis/emails/", [h](Request& r) { return handlers::enqueue(*h, r); })
            .get("/apis/emails/", [h](Request& r) { return handlers::list_messages(*h, r); })
            .get("/apis/emails/{id}", [h](Request& r) { return handlers::get_message(*h, r); })
            .del("/apis/emails/customers/{customer_id}/personal-data", [h](Request& r) { return handlers::anonymise_customer_messages(*h, r); });
    }

    void start() override { dispatcher_.start(); }
    void stop() override { dispatcher_.stop(); }

private:
    Outbox outbox_;
    Dispatcher dispatcher_;
    handlers::Context handlers_;
};

}  // namespace

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<EmailService>(context);
}

}  // namespace rapidtrade::email
