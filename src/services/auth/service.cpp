#include "services/auth/service.hpp"

#include "contracts/demo.hpp"
#include "platform/db/migrations.hpp"
#include "platform/errors.hpp"
#include "platform/log.hpp"
#include "services/auth/handlers/handlers.hpp"
#include "services/auth/migrations.hpp"
#include "services/auth/passwords.hpp"

namespace rapidtrade::auth {
namespace {

using platform::http::Request;

class AuthService final : public platform::DatabaseService {
public:
    explicit AuthService(const platform::ServiceContext& ctx)
        : platform::DatabaseService(ctx, "auth", migrations()),
          ctx_(ctx),
          store_(db(), std::chrono::seconds(ctx.env.integer("REFRESH_TOKEN_TTL_S", 30 * 24 * 3600, 60, 365 * 24 * 3600))),
          throttle_(static_cast<int>(ctx.env.integer("LOGIN_MAX_FAILURES", 5, 1, 1000)),
                    static_cast<int>(ctx.env.integer("LOGIN_MAX_FAILURES_PER_ADDRESS", 20, 1, 100000)),
                    std::chrono::seconds(ctx.env.integer("LOGIN_THROTTLE_WINDOW_S", 300, 1, 86400))),
          access_ttl_(ctx.env.integer("ACCESS_TOKEN_TTL_S", 900, 10, 86400)),
          signing_key_pem_(ctx.env.get("AUTH_SIGNING_KEY")) {}

    ~AuthService() override { stop_workers(); }

    void on_migrated() override {
        keys_ = std::make_unique<KeyRing>(store_, signing_key_pem_);
        for (const auto& k : keys_->keys()) ctx_.tokens.add_key(*k);  // same process: no JWKS round trip
        handlers_ = std::make_unique<handlers::Context>(handlers::Context{
            store_, *keys_, throttle_, ctx_.tokens.issuer(), access_ttl_, ctx_.api_keys, ctx_.metrics});
    }

    void seed() override {
        if (!ctx_.seed_demo_data || store_.by_id(contracts::demo::kCustomerId)) return;
        try {
            store_.create_credential({contracts::demo::kCustomerId, contracts::demo::kEmail,
                                      hash_password(contracts::demo::kPassword), {"customer"}});
            platform::log::info("demo_credential_seeded", {{"email", contracts::demo::kEmail}});
        } catch (const platform::Conflict&) {
            // Another replica seeded it first.
        }
    }

    void mount(platform::http::Router& router) override {
        auto* h = handlers_.get();
        router.mount("auth", &workers())
            .post("/apis/auth/token", [h](Request& r) { return handlers::issue_token(*h, r); })
            .post("/apis/auth/refresh", [h](Request& r) { return handlers::refresh_token(*h, r); })
            .post("/apis/auth/logout", [h](Request& r) { return handlers::logout(*h, r); })
            .post("/apis/auth/session", [h](Request& r) { return handlers::session_status(*h, r); })
            .get("/apis/auth/jwks.json", [h](Request& r) { return handlers::jwks(*h, r); })
            .post("/apis/auth/credentials", [h](Request& r) { return handlers::create_credential(*h, r); })
            .del("/apis/auth/credentials/{id}", [h](Request& r) { return handlers::delete_credential(*h, r); });
    }

private:
    platform::ServiceContext ctx_;
    AuthStore store_;
    LoginThrottle throttle_;
    std::chrono::seconds access_ttl_;
    std::optional<std::string> signing_key_pem_;
    std::unique_ptr<KeyRing> keys_;
    std::unique_ptr<handlers::Context> handlers_;
};

}  // namespace

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<AuthService>(context);
}

}  // namespace rapidtrade::auth
