#include "services/catalog/service.hpp"

#include "platform/db/migrations.hpp"
#include "services/catalog/handlers/handlers.hpp"
#include "services/catalog/image_check.hpp"
#include "services/catalog/migrations.hpp"
#include "services/catalog/read_cache.hpp"
#include "services/catalog/seed.hpp"

namespace rapidtrade::catalog {
namespace {

using platform::http::Request;

class CatalogService final : public platform::DatabaseService {
public:
    explicit CatalogService(const platform::ServiceContext& ctx)
        : platform::DatabaseService(ctx, "catalog", migrations()),
          store_(db()),
          handlers_{store_, ctx.api_keys, ctx.tokens,
                    ctx.metrics.counter("rapidtrade_stock_outs_total", "Reservations refused for lack of stock")},
          cache_(cache_ttl(ctx.env)) {}

    ~CatalogService() override { stop_workers(); }

    void seed() override { seed_catalog(store_); }

    // Reads go through the cache (answered on the I/O thread when kept); every write clears it.
    void mount(platform::http::Router& router) override {
        auto* h = &handlers_;
        auto* cache = &cache_;
        auto from_cache = [cache](Request& r) { return cache->answer(r); };
        router.mount("catalog", &workers())
            .get("/apis/products/", from_cache,
                 [h, cache](Request& r) { return cache->remember(r, [&] { return handlers::list_products(*h, r); }); })
            .get("/apis/products/categories", from_cache,
                 [h, cache](Request& r) {
                     return cache->remember(r, [&] { return handlers::list_categories(*h, r); });
                 })
            .post("/apis/products/categories",
                  [h, cache](Request& r) { return cache->forget(handlers::create_category(*h, r)); })
            .patch("/apis/products/categories/{slug}",
                   [h, cache](Request& r) { return cache->forget(handlers::update_category(*h, r)); })
            .del("/apis/products/categories/{slug}",
                 [h, cache](Request& r) { return cache->forget(handlers::delete_category(*h, r)); })
            .get("/apis/products/images/{file}", [h](Request& r) { return handlers::get_image(*h, r); })
            // Photos: not through the read cache (megabytes each); browsers keep them instead.
            .get("/apis/products/{id}/image", [h](Request& r) { return handlers::get_photo(*h, r); })
            .put("/apis/products/{id}/image",
                 [h, cache](Request& r) { return cache->forget(handlers::put_photo(*h, r)); })
            .max_body(kMaxPhotoBytes)
            .get("/apis/products/{id}", from_cache,
                 [h, cache](Request& r) { return cache->remember(r, [&] { return handlers::get_product(*h, r); }); })
            .post("/apis/products/", [h, cache](Request& r) { return cache->forget(handlers::create_product(*h, r)); })
            .patch("/apis/products/{id}",
                   [h, cache](Request& r) { return cache->forget(handlers::update_product(*h, r)); })
            .del("/apis/products/{id}",
                 [h, cache](Request& r) { return cache->forget(handlers::delete_product(*h, r)); })
            .post("/apis/products/reservations",
                  [h, cache](Request& r) { return cache->forget(handlers::reserve_stock(*h, r)); })
            .del("/apis/products/reservations/{id}",
                 [h, cache](Request& r) { return cache->forget(handlers::release_stock(*h, r)); })
            .get("/apis/products/promotions/{code}", [h](Request& r) { return handlers::get_promotion(*h, r); });
    }

private:
    CatalogStore store_;
    handlers::Context handlers_;
    ReadCache cache_;
};

}  // namespace

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<CatalogService>(context);
}

}  // namespace rapidtrade::catalog
