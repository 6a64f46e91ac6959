#pragma once
// The handlers of /apis/auth/ (one file each; their routes: routes.txt) and the Context they share
// (platform/api_service.hpp).
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "platform/service.hpp"
#include "services/auth/routes.hpp"
#include "services/auth/keyring.hpp"
#include "services/auth/reset_mailer.hpp"
#include "services/auth/store.hpp"
#include "services/auth/throttle.hpp"

namespace rapidtrade::auth::handlers {

struct Context : platform::ServiceContext {
    Context(const platform::ServiceContext& service, platform::db::Database& db, boost::asio::thread_pool& workers);
    AuthStore store;  // credentials, refresh tokens, signing keys, password resets
    LoginThrottle throttle;        // failed log-ins, per e-mail and per client address
    LoginThrottle reset_throttle;  // reset requests, per e-mail and per client address
    ResetMailer reset_mailer;      // sends the reset links in the background
    std::chrono::seconds access_ttl;  // ACCESS_TOKEN_TTL_S
    std::string issuer;               // the tokens' `iss`
    std::optional<std::string> signing_key_pem;  // AUTH_SIGNING_KEY, else a key kept in the database
    std::unique_ptr<KeyRing> keys;               // once the schema is up to date (on_migrated)

    void on_migrated();
    void seed();  // the demo customer's and the demo admin's credentials
    void start() { reset_mailer.start(); }
    void stop() { reset_mailer.stop(); }
};

// The token pair answer shared by log-in and refresh.
Response token_pair(Context& ctx, const Credential& credential, const std::string& refresh_token);

}  // namespace rapidtrade::auth::handlers
