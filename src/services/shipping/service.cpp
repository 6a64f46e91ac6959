#include "services/shipping/service.hpp"

#include "services/shipping/handlers/handlers.hpp"
#include "services/shipping/migrations.hpp"
#include "services/shipping/rules.hpp"

namespace rapidtrade::shipping {
namespace {

using platform::http::Request;

class ShippingService final : public platform::DatabaseService {
public:
    explicit ShippingService(const platform::ServiceContext& ctx)
        : platform::DatabaseService(ctx, "shipping", migrations()),
          store_(db()),
          rules_(ShippingRules::parse(ctx.env.string("SHIPPING_RULES", ShippingRules::kDefault))),
          handlers_{store_, rules_, ctx.api_keys} {}

    ~ShippingService() override { stop_workers(); }

    void mount(platform::http::Router& router) override {
        auto* h = &handlers_;
        router.mount("shipping", &workers())
            .post("/apis/shipping/quote", [h](Request& r) { return handlers::quote(*h, r); })
            .post("/apis/shipping/shipments", [h](Request& r) { return handlers::create_shipment(*h, r); })
            .get("/apis/shipping/shipments/{tracking_id}", [h](Request& r) { return handlers::get_shipment(*h, r); })
            .get("/apis/shipping/countries", [h](Request& r) { return handlers::list_countries(*h, r); });
    }

private:
    ShipmentStore store_;
    ShippingRules rules_;
    handlers::Context handlers_;
};

}  // namespace

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<ShippingService>(context);
}

}  // namespace rapidtrade::shipping
