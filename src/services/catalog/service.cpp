#include "services/catalog/service.hpp"

#include "platform/db/config.hpp"
#include "platform/db/migrations.hpp"
#include "services/catalog/handlers/handlers.hpp"
#include "services/catalog/migrations.hpp"
#include "services/catalog/seed.hpp"

namespace rapidtrade::catalog {
namespace {

using platform::http::Request;
using platform::http::Response;

class CatalogService final : public platform::Service {
public:
    explicit CatalogService(const platform::ServiceContext& ctx)
        : api_keys_(ctx.api_keys),
          db_(platform::db::Database::open(platform::db::database_config_for(ctx.env, "catalog", ctx.server.data_dir))),
          store_(*db_),
          pool_(static_cast<std::size_t>(ctx.server.worker_threads)) {}

    ~CatalogService() override { pool_.join(); }

    std::string_view name() const override { return "catalog"; }

    void migrate() override {
        platform::db::migrate(*db_, "catalog", migrations());
        migrated_ = true;
    }

    void seed() override { seed_catalog(store_); }

    bool ready() override { return migrated_ && db_->ping(); }

    void mount(platform::http::Router& router) override {
        auto* store = &store_;
        const auto* keys = &api_keys_;
        router.mount("catalog", &pool_)
            .get("/apis/products/", [store](Request& r) { return handlers::list_products(*store, r); })
            .get("/apis/products/categories", [store](Request& r) { return handlers::list_categories(*store, r); })
            .get("/apis/products/images/{file}", [](Request& r) { return handlers::get_image(r); })
            .get("/apis/products/{id}", [store](Request& r) { return handlers::get_product(*store, r); })
            .post("/apis/products/",
                  [store, keys](Request& r) {
                      platform::require_api_key(r, *keys);
                      return handlers::create_product(*store, r);
                  })
            .patch("/apis/products/{id}",
                   [store, keys](Request& r) {
                       platform::require_api_key(r, *keys);
                       return handlers::update_product(*store, r);
                   })
            .del("/apis/products/{id}", [store, keys](Request& r) {
                platform::require_api_key(r, *keys);
                return handlers::delete_product(*store, r);
            });
    }

private:
    std::vector<std::string> api_keys_;
    std::unique_ptr<platform::db::Database> db_;
    CatalogStore store_;
    boost::asio::thread_pool pool_;
    std::atomic<bool> migrated_{false};
};

}  // namespace

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<CatalogService>(context);
}

}  // namespace rapidtrade::catalog
