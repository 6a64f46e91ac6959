#include "services/cart/service.hpp"

#include <chrono>

#include "services/cart/abandoned_carts.hpp"
#include "services/cart/handlers/handlers.hpp"
#include "services/cart/migrations.hpp"
#include "services/cart/pricing.hpp"

namespace rapidtrade::cart {
namespace {

using platform::http::Request;

class CartService final : public platform::DatabaseService {
public:
    explicit CartService(const platform::ServiceContext& ctx)
        : platform::DatabaseService(ctx, "cart", migrations()),
          store_(db()),
          catalog_(ctx.client, ctx.upstreams),
          abandoned_(store_, std::chrono::seconds(ctx.env.integer("CART_TTL_S", 7 * 24 * 3600, 60, 365LL * 24 * 3600))),
          handlers_{store_, catalog_, abandoned_, ctx.tokens, ctx.api_keys, ctx.metrics} {}

    ~CartService() override { stop_workers(); }

    void mount(platform::http::Router& router) override {
        auto* h = &handlers_;
        router.mount("cart", &workers())
            .post("/apis/carts/", [h](Request& r) { return handlers::create_cart(*h, r); })
            .get("/apis/carts/{id}", [h](Request& r) { return handlers::get_cart(*h, r); })
            .del("/apis/carts/{id}", [h](Request& r) { return handlers::empty_cart(*h, r); })
            .post("/apis/carts/{id}/lines", [h](Request& r) { return handlers::add_line(*h, r); })
            .patch("/apis/carts/{id}/lines/{product_id}", [h](Request& r) { return handlers::set_line(*h, r); })
            .del("/apis/carts/{id}/lines/{product_id}", [h](Request& r) { return handlers::remove_line(*h, r); })
            .post("/apis/carts/{id}/merge", [h](Request& r) { return handlers::merge_carts(*h, r); })
            .del("/apis/carts/customers/{customer_id}", [h](Request& r) { return handlers::delete_customer_carts(*h, r); });
    }

private:
    CartStore store_;
    Catalog catalog_;
    AbandonedCarts abandoned_;
    handlers::Context handlers_;
};

}  // namespace

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<CartService>(context);
}

}  // namespace rapidtrade::cart
