#include "services/customers/service.hpp"

#include "contracts/demo.hpp"
#include "platform/db/migrations.hpp"
#include "platform/errors.hpp"
#include "platform/log.hpp"
#include "services/customers/erasure_retries.hpp"
#include "services/customers/erasure_steps.hpp"
#include "services/customers/handlers/handlers.hpp"
#include "services/customers/migrations.hpp"

namespace rapidtrade::customers {
namespace {

using platform::http::Request;

class CustomersService final : public platform::DatabaseService {
public:
    explicit CustomersService(const platform::ServiceContext& ctx)
        : platform::DatabaseService(ctx, "customers", migrations()),
          ctx_(ctx),
          store_(db()),
          erasure_(store_, ctx.client, ctx.upstreams, ctx.metrics),
          retries_(store_, erasure_, ctx.env.millis("ERASURE_RETRY_MS", std::chrono::milliseconds(30000))),
          handlers_{store_, ctx.client, ctx.upstreams, ctx.tokens, ctx.api_keys, ctx.metrics, erasure_} {}

    ~CustomersService() override {
        retries_.stop();  // when main did not (`rapidtrade migrate`, a failed start-up)
        stop_workers();
    }

    // The demo customer's profile, under the id the auth service seeds its credential with.
    void seed() override {
        namespace demo = contracts::demo;
        if (!ctx_.seed_demo_data || store_.find(demo::kCustomerId)) return;
        try {
            store_.create({demo::kCustomerId, demo::kEmail, demo::kFirstName, demo::kLastName, {}});
            store_.add_address(demo::kCustomerId,
                               {std::string(demo::kFirstName) + " " + demo::kLastName, demo::kStreet, demo::kCity,
                                demo::kPostalCode, demo::kCountry},
                               demo::kAddressId);
            platform::log::info("demo_customer_seeded", {{"email", demo::kEmail}});
        } catch (const platform::Conflict&) {
        }
    }

    void mount(platform::http::Router& router) override {
        auto* h = &handlers_;
        router.mount("customers", &workers())
            .post("/apis/customers/", [h](Request& r) { return handlers::sign_up(*h, r); })
            .get("/apis/customers/", [h](Request& r) { return handlers::admin_list(*h, r); })
            .get("/apis/customers/me", [h](Request& r) { return handlers::get_me(*h, r); })
            .patch("/apis/customers/me", [h](Request& r) { return handlers::update_me(*h, r); })
            .del("/apis/customers/me", [h](Request& r) { return handlers::delete_me(*h, r); })
            .get("/apis/customers/me/export", [h](Request& r) { return handlers::export_me(*h, r); })
            .get("/apis/customers/me/addresses", [h](Request& r) { return handlers::list_addresses(*h, r); })
            .post("/apis/customers/me/addresses", [h](Request& r) { return handlers::add_address(*h, r); })
            .get("/apis/customers/me/addresses/{id}", [h](Request& r) { return handlers::get_address(*h, r); })
            .put("/apis/customers/me/addresses/{id}", [h](Request& r) { return handlers::replace_address(*h, r); })
            .del("/apis/customers/me/addresses/{id}", [h](Request& r) { return handlers::delete_address(*h, r); })
            .get("/apis/customers/{id}", [h](Request& r) { return handlers::admin_get(*h, r); })
            .del("/apis/customers/{id}", [h](Request& r) { return handlers::erase_customer(*h, r); })
            .get("/apis/customers/{id}/export", [h](Request& r) { return handlers::export_customer(*h, r); })
            .get("/apis/customers/{id}/erasure", [h](Request& r) { return handlers::get_erasure(*h, r); });
    }

    // Erasures a service being down left unfinished are finished in the background.
    void start() override { retries_.start(); }
    void stop() override { retries_.stop(); }

private:
    platform::ServiceContext ctx_;
    CustomerStore store_;
    ErasureSteps erasure_;
    ErasureRetries retries_;
    handlers::Context handlers_;
};

}  // namespace

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<CustomersService>(context);
}

}  // namespace rapidtrade::customers
