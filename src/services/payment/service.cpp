#include "services/payment/service.hpp"

#include "platform/db/migrations.hpp"
#include "services/payment/handlers/handlers.hpp"
#include "services/payment/migrations.hpp"

namespace rapidtrade::payment {
namespace {

using platform::http::Request;

class PaymentService final : public platform::DatabaseService {
public:
    explicit PaymentService(const platform::ServiceContext& ctx)
        : platform::DatabaseService(ctx, "payment", migrations()),
          store_(db()),
          handlers_{store_, ctx.api_keys} {}

    ~PaymentService() override { stop_workers(); }

    void mount(platform::http::Router& router) override {
        auto* h = &handlers_;
        router.mount("payment", &workers())
            .post("/apis/payments/charges", [h](Request& r) { return handlers::create_charge(*h, r); })
            .get("/apis/payments/charges", [h](Request& r) { return handlers::find_charges(*h, r); })
            .get("/apis/payments/charges/{id}", [h](Request& r) { return handlers::get_charge(*h, r); })
            .post("/apis/payments/charges/{id}/refund", [h](Request& r) { return handlers::refund_charge(*h, r); });
    }

private:
    ChargeStore store_;
    handlers::Context handlers_;
};

}  // namespace

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<PaymentService>(context);
}

}  // namespace rapidtrade::payment
