#pragma once
// One function per endpoint of /apis/auth/ (each in its own file).
#include <chrono>
#include <string>
#include <vector>

#include "platform/auth/token_verifier.hpp"
#include "platform/http/message.hpp"
#include "platform/metrics.hpp"
#include "services/auth/keyring.hpp"
#include "services/auth/reset_mailer.hpp"
#include "services/auth/store.hpp"
#include "services/auth/throttle.hpp"

namespace rapidtrade::auth::handlers {

using platform::http::Request;
using platform::http::Response;

// What the handlers share, looked up once when the service starts.
struct Context {
    AuthStore& store;
    KeyRing& keys;
    LoginThrottle& throttle;
    std::string issuer;
    std::chrono::seconds access_ttl;
    std::vector<std::string> api_keys;
    platform::Metrics& metrics;
    ResetMailer& reset_mailer;
    LoginThrottle& reset_throttle;         // reset requests, per e-mail and per client address
    platform::auth::TokenVerifier& tokens;  // the Bearer token of POST /apis/auth/password
};

Response issue_token(Context& ctx, const Request& request);        // POST /apis/auth/token
Response refresh_token(Context& ctx, const Request& request);      // POST /apis/auth/refresh
Response logout(Context& ctx, const Request& request);             // POST /apis/auth/logout
Response session_status(Context& ctx, const Request& request);     // POST /apis/auth/session (API key)
Response jwks(Context& ctx, const Request& request);               // GET  /apis/auth/jwks.json
Response create_credential(Context& ctx, const Request& request);  // POST /apis/auth/credentials (API key)
Response delete_credential(Context& ctx, const Request& request);  // DELETE /apis/auth/credentials/{id} (API key)
Response request_password_reset(Context& ctx, const Request& request);  // POST /apis/auth/password-reset
Response confirm_password_reset(Context& ctx, const Request& request);  // POST /apis/auth/password-reset/confirm
Response change_password(Context& ctx, const Request& request);         // POST /apis/auth/password (Bearer)
Response list_staff(Context& ctx, const Request& request);              // GET  /apis/auth/staff/ (admin)

// The client's address, for the throttles (log-in, password reset): see issue_token.cpp.
std::string client_address(Context& ctx, const Request& request);

// The token pair answer shared by log-in and refresh.
Response token_pair(Context& ctx, const Credential& credential, const std::string& refresh_token);

}  // namespace rapidtrade::auth::handlers
