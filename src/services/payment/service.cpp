#include "services/payment/service.hpp"

#include "services/payment/handlers.hpp"

namespace rapidtrade::payment {
namespace {

using platform::http::Request;

class PaymentService final : public platform::DatabaseService {
public:
    explicit PaymentService(const platform::ServiceContext& ctx)
        : platform::DatabaseService(ctx, "payment", migrations()),
          api_keys_(ctx.api_keys),
          store_(db()) {}
    ~PaymentService() override { stop_workers(); }

    void mount(platform::http::Router& router) override {
        auto* store = &store_;
        const auto* keys = &api_keys_;
        router.mount("payment", &workers())
            .post("/apis/payments/charges",
                  [store, keys](Request& r) {
                      platform::require_api_key(r, *keys);
                      return handlers::create_charge(*store, r);
                  })
            .get("/apis/payments/charges",
                 [store, keys](Request& r) {
                     platform::require_api_key(r, *keys);
                     return handlers::find_charges(*store, r);
                 })
            .get("/apis/payments/charges/{id}",
                 [store, keys](Request& r) {
                     platform::require_api_key(r, *keys);
                     return handlers::get_charge(*store, r);
                 })
            .post("/apis/payments/charges/{id}/refund", [store, keys](Request& r) {
                platform::require_api_key(r, *keys);
                return handlers::refund_charge(*store, r);
            });
    }

private:
    std::vector<std::string> api_keys_;
    ChargeStore store_;
};

}  // namespace

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<PaymentService>(context);
}

}  // namespace rapidtrade::payment
