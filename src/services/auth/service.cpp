#include "services/auth/service.hpp"

#include <boost/url/parse.hpp>

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

// PUBLIC_URL: the shop as its customers reach it, for the links in e-mails (http or https, no path
// query or fragment; without a trailing slash).
std::string public_url(const platform::Env& env) {
    auto v = env.string("PUBLIC_URL", "http://localhost:8080");
    auto parsed = boost::urls::parse_absolute_uri(v);
    if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") || parsed->host().empty() ||
        parsed->has_query() || parsed->has_fragment())
        throw platform::ConfigError("PUBLIC_URL", v, "the shop's address, such as https://shop.example.fr");
    while (!v.empty() && v.back() == '/') v.pop_back();
    return v;
}

class AuthService final : public platform::DatabaseService {
public:
    explicit AuthService(const platform::ServiceContext& ctx)
        : platform::DatabaseService(ctx, "auth", migrations()),
          ctx_(ctx),
          store_(db(), std::chrono::seconds(ctx.env.integer("REFRESH_TOKEN_TTL_S", 30 * 24 * 3600, 60, 365 * 24 * 3600))),
          throttle_(static_cast<int>(ctx.env.integer("LOGIN_MAX_FAILURES", 5, 1, 1000)),
                    static_cast<int>(ctx.env.integer("LOGIN_MAX_FAILURES_PER_ADDRESS", 20, 1, 100000)),
                    std::chrono::seconds(ctx.env.integer("LOGIN_THROTTLE_WINDOW_S", 300, 1, 86400))),
          reset_throttle_(static_cast<int>(ctx.env.integer("PASSWORD_RESET_MAX_PER_EMAIL", 3, 1, 1000)),
                          static_cast<int>(ctx.env.integer("PASSWORD_RESET_MAX_PER_ADDRESS", 20, 1, 100000)),
                          std::chrono::seconds(ctx.env.integer("PASSWORD_RESET_WINDOW_S", 900, 1, 86400))),
          reset_mailer_(store_, ctx.client, ctx.upstreams, ctx.metrics,
                        {std::chrono::seconds(ctx.env.integer("PASSWORD_RESET_TTL_S", 3600, 1, 86400)),
                         public_url(ctx.env)}),
          access_ttl_(ctx.env.integer("ACCESS_TOKEN_TTL_S", 900, 10, 86400)),
          signing_key_pem_(ctx.env.get("AUTH_SIGNING_KEY")) {}

    ~AuthService() override {
        reset_mailer_.stop();
        stop_workers();
    }

    void on_migrated() override {
        keys_ = std::make_unique<KeyRing>(store_, signing_key_pem_);
        for (const auto& k : keys_->keys()) ctx_.tokens.add_key(*k);  // same process: no JWKS round trip
        handlers_ = std::make_unique<handlers::Context>(handlers::Context{
            store_,        *keys_,        throttle_,       ctx_.tokens.issuer(), access_ttl_, ctx_.api_keys,
            ctx_.metrics,  reset_mailer_, reset_throttle_, ctx_.tokens});
    }

    void seed() override {
        if (!ctx_.seed_demo_data) return;
        seed_account(contracts::demo::kCustomerId, contracts::demo::kEmail, contracts::demo::kPassword, "customer");
        seed_account(contracts::demo::kAdminId, contracts::demo::kAdminEmail, contracts::demo::kAdminPassword, "admin");
    }

    void start() override { reset_mailer_.start(); }
    void stop() override { reset_mailer_.stop(); }

    void mount(platform::http::Router& router) override {
        auto* h = handlers_.get();
        router.mount("auth", &workers())
            .post("/apis/auth/token", [h](Request& r) { return handlers::issue_token(*h, r); })
            .post("/apis/auth/refresh", [h](Request& r) { return handlers::refresh_token(*h, r); })
            .post("/apis/auth/logout", [h](Request& r) { return handlers::logout(*h, r); })
            .post("/apis/auth/session", [h](Request& r) { return handlers::session_status(*h, r); })
            .get("/apis/auth/jwks.json", [h](Request& r) { return handlers::jwks(*h, r); })
            .post("/apis/auth/credentials", [h](Request& r) { return handlers::create_credential(*h, r); })
            .del("/apis/auth/credentials/{id}", [h](Request& r) { return handlers::delete_credential(*h, r); })
            .post("/apis/auth/password-reset", [h](Request& r) { return handlers::request_password_reset(*h, r); })
            .post("/apis/auth/password-reset/confirm",
                  [h](Request& r) { return handlers::confirm_password_reset(*h, r); })
            .post("/apis/auth/password", [h](Request& r) { return handlers::change_password(*h, r); })
            .get("/apis/auth/staff/", [h](Request& r) { return handlers::list_staff(*h, r); });
    }

private:
    void seed_account(const char* id, const char* email, const char* password, const char* role) {
        if (store_.by_id(id)) return;
        try {
            store_.create_credential({id, email, hash_password(password), {role}});
            platform::log::info("demo_credential_seeded", {{"email", email}, {"role", role}});
        } catch (const platform::Conflict&) {
            // Another replica seeded it first (or the e-mail was taken: left as it is).
        }
    }

    platform::ServiceContext ctx_;
    AuthStore store_;
    LoginThrottle throttle_;
    LoginThrottle reset_throttle_;
    ResetMailer reset_mailer_;
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
