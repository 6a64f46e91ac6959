#pragma once
// One function per endpoint of /apis/auth/ (each in its own file).
#include <chrono>
#include <string>
#include <vector>

#include "platform/http/message.hpp"
#include "platform/metrics.hpp"
#include "services/auth/keyring.hpp"
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
};

Response issue_token(Context& ctx, const Request& request);        // POST /apis/auth/token
Response refresh_token(Context& ctx, const Request& request);      // POST /apis/auth/refresh
Response logout(Context& ctx, const Request& request);             // POST /apis/auth/logout
Response session_status(Context& ctx, const Request& request);     // POST /apis/auth/session (API key)
Response jwks(Context& ctx, const Request& request);               // GET  /apis/auth/jwks.json
Response create_credential(Context& ctx, const Request& request);  // POST /apis/auth/credentials (API key)
Response delete_credential(Context& ctx, const Request& request);  // DELETE /apis/auth/credentials/{id} (API key)

// The token pair answer shared by log-in and refresh.
Response token_pair(Context& ctx, const Credential& credential, const std::string& refresh_token);

}  // namespace rapidtrade::auth::handlers
