#include "services/payment/service.hpp"

#include "services/payment/handlers.hpp"

namespace rapidtrade::payment {
namespace {

using platform::http::Request;

class PaymentService final : public platform::Service {
public:
    explicit PaymentService(const platform::ServiceContext& ctx)
        : api_keys_(ctx.api_keys),
          db_(platform::open_database(ctx, "payment")),
          store_(*db_),
          pool_(static_cast<std::size_t>(ctx.server.worker_threads)) {}
    ~PaymentService() override { pool_.join(); }

    std::string_view name() const override { return "payment"; }
    void migrate() override {
        platform::db::migrate(*db_, "payment", migrations());
        migrated_ = true;
    }
    bool ready() override { return migrated_ && db_->ping(); }

    void mount(platform::http::Router& router) override {
        auto* store = &store_;
        const auto* keys = &api_keys_;
        router.mount("payment", &pool_)
            .post("/apis/payments/charges",
                  [store, keys](Request& r) {
                      platform::require_api_key(r, *keys);
                      return handlers::create_charge(*store, r);
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
    std::unique_ptr<platform::db::Database> db_;
    ChargeStore store_;
    boost::asio::thread_pool pool_;
    std::atomic<bool> migrated_{false};
};

}  // namespace

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<PaymentService>(context);
}

}  // namespace rapidtrade::payment
