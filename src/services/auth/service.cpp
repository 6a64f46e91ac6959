#include "services/auth/service.hpp"

#include <boost/url/parse.hpp>

#include "contracts/demo.hpp"
#include "platform/api_service.hpp"
#include "platform/errors.hpp"
#include "platform/log.hpp"
#include "services/auth/handlers/handlers.hpp"
#include "services/auth/migrations.hpp"
#include "services/auth/passwords.hpp"

namespace rapidtrade::auth {
namespace {

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

// A demo account, unless it exists (or another replica seeded it first, or the e-mail was taken:
// left as it is).
void seed_account(AuthStore& store, const char* id, const char* email, const char* password, const char* role) {
    if (store.by_id(id)) return;
    try {
        store.create_credential({id, email, hash_password(password), {role}});
        platform::log::info("demo_credential_seeded", {{"email", email}, {"role", role}});
    } catch (const platform::Conflict&) {
    }
}

}  // namespace

handlers::Context::Context(const platform::ServiceContext& service, platform::db::Database& db,
                           boost::asio::thread_pool&)
    : platform::ServiceContext(service),
      store(db, std::chrono::seconds(service.env.integer("REFRESH_TOKEN_TTL_S", 30 * 24 * 3600, 60, 365 * 24 * 3600))),
      throttle(static_cast<int>(service.env.integer("LOGIN_MAX_FAILURES", 5, 1, 1000)),
               static_cast<int>(service.env.integer("LOGIN_MAX_FAILURES_PER_ADDRESS", 20, 1, 100000)),
               std::chrono::seconds(service.env.integer("LOGIN_THROTTLE_WINDOW_S", 300, 1, 86400))),
      reset_throttle(static_cast<int>(service.env.integer("PASSWORD_RESET_MAX_PER_EMAIL", 3, 1, 1000)),
                     static_cast<int>(service.env.integer("PASSWORD_RESET_MAX_PER_ADDRESS", 20, 1, 100000)),
                     std::chrono::seconds(service.env.integer("PASSWORD_RESET_WINDOW_S", 900, 1, 86400))),
      reset_mailer(store, service.client, service.upstreams, service.metrics,
                   {std::chrono::seconds(service.env.integer("PASSWORD_RESET_TTL_S", 3600, 1, 86400)),
                    public_url(service.env)}),
      access_ttl(service.env.integer("ACCESS_TOKEN_TTL_S", 900, 10, 86400)),
      issuer(service.tokens.issuer()),
      signing_key_pem(service.env.get("AUTH_SIGNING_KEY")) {}

// The signing keys live in the database; the verifier of this process learns them directly (no
// JWKS round trip).
void handlers::Context::on_migrated() {
    keys = std::make_unique<KeyRing>(store, signing_key_pem);
    for (const auto& k : keys->keys()) tokens.add_key(*k);
}

void handlers::Context::seed() {
    if (!seed_demo_data) return;
    seed_account(store, contracts::demo::kCustomerId, contracts::demo::kEmail, contracts::demo::kPassword, "customer");
    seed_account(store, contracts::demo::kAdminId, contracts::demo::kAdminEmail, contracts::demo::kAdminPassword,
                 "admin");
}

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return platform::make_api_service<handlers::Context>(context, "auth", migrations(), handlers::routes());
}

}  // namespace rapidtrade::auth
