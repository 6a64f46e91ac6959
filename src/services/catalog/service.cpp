#include "services/catalog/service.hpp"

#include "platform/errors.hpp"
#include "platform/http/response_cache.hpp"
#include "platform/db/migrations.hpp"
#include "services/catalog/handlers/handlers.hpp"
#include "services/catalog/migrations.hpp"
#include "services/catalog/seed.hpp"

namespace rapidtrade::catalog {
namespace {

using platform::http::Request;
using platform::http::Response;

class CatalogService final : public platform::DatabaseService {
public:
    explicit CatalogService(const platform::ServiceContext& ctx)
        : platform::DatabaseService(ctx, "catalog", migrations()),
          api_keys_(ctx.api_keys),
          tokens_(ctx.tokens),
          stock_outs_(&ctx.metrics.counter("rapidtrade_stock_outs_total", "Reservations refused for lack of stock")),
          store_(db()),
          // Reads dominate: answers are kept in memory until the next write here, and at most a TTL
          // (CATALOG_CACHE_TTL_MS, 0 = off) so a write through another replica shows up soon.
          cache_(ctx.env.millis("CATALOG_CACHE_TTL_MS", std::chrono::milliseconds(1000)).count() > 0
                     ? ctx.env.millis("CATALOG_CACHE_TTL_MS", std::chrono::milliseconds(1000))
                     : std::chrono::milliseconds(0),
                 2000) {}

    ~CatalogService() override { stop_workers(); }

    void seed() override { seed_catalog(store_); }

    void mount(platform::http::Router& router) override {
        auto* store = &store_;
        auto* cache = &cache_;
        const auto* keys = &api_keys_;
        auto* tokens = &tokens_;
        auto from_cache = [cache](Request& r) { return cached_answer(*cache, r); };
        router.mount("catalog", &workers())
            .get("/apis/products/", from_cache,
                 [store, cache](Request& r) { return remember(*cache, r, [&] { return handlers::list_products(*store, r); }); })
            .get("/apis/products/categories", from_cache,
                 [store, cache](Request& r) { return remember(*cache, r, [&] { return handlers::list_categories(*store, r); }); })
            .get("/apis/products/images/{file}", [](Request& r) { return handlers::get_image(r); })
            .get("/apis/products/{id}", from_cache,
                 [store, cache](Request& r) { return remember(*cache, r, [&] { return handlers::get_product(*store, r); }); })
            .post("/apis/products/",
                  [store, keys, cache, tokens](Request& r) {
                      platform::require_api_key_or_admin(r, *keys, *tokens);
                      return forget(*cache, handlers::create_product(*store, r));
                  })
            .patch("/apis/products/{id}",
                   [store, keys, cache, tokens](Request& r) {
                       platform::require_api_key_or_admin(r, *keys, *tokens);
                       return forget(*cache, handlers::update_product(*store, r));
                   })
            .del("/apis/products/{id}",
                 [store, keys, cache, tokens](Request& r) {
                     platform::require_api_key_or_admin(r, *keys, *tokens);
                     return forget(*cache, handlers::delete_product(*store, r));
                 })
            .post("/apis/products/reservations",
                  [store, keys, cache, stock_outs = stock_outs_](Request& r) {
                      platform::require_api_key(r, *keys);
                      try {
                          return forget(*cache, handlers::reserve_stock(*store, r));
                      } catch (const platform::Unprocessable&) {
                          stock_outs->Increment();  // an order asked for more than the stock
                          throw;
                      }
                  })
            .del("/apis/products/reservations/{id}",
                 [store, keys, cache](Request& r) {
                     platform::require_api_key(r, *keys);
                     return forget(*cache, handlers::release_stock(*store, r));
                 })
            .get("/apis/products/promotions/{code}", [store](Request& r) { return handlers::get_promotion(*store, r); });
    }

private:
    using Cache = platform::http::ResponseCache;

    static std::optional<Response> cached_answer(const Cache& cache, const Request& r) {
        auto entry = cache.get(std::string(r.raw.target()));
        if (!entry) return std::nullopt;
        auto res = platform::http::bytes_response(200, entry->body, entry->content_type);
        res.set(boost::beast::http::field::etag, entry->etag);
        return res;
    }

    // Keeps a successful read for the next identical request. The generation is read before the
    // answer is computed: a write that commits meanwhile bumps it, and the stale answer is refused.
    template <class Compute>
    static Response remember(Cache& cache, const Request& r, Compute compute) {
        auto generation = cache.generation();
        Response res = compute();
        if (res.result() == boost::beast::http::status::ok)
            cache.put(std::string(r.raw.target()), generation, res.body(),
                      std::string(res[boost::beast::http::field::content_type]));
        return res;
    }

    static Response forget(Cache& cache, Response res) {
        cache.invalidate();
        return res;
    }

    std::vector<std::string> api_keys_;
    platform::auth::TokenVerifier& tokens_;
    prometheus::Counter* stock_outs_;
    CatalogStore store_;
    Cache cache_;
};

}  // namespace

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<CatalogService>(context);
}

}  // namespace rapidtrade::catalog
