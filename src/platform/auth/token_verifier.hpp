#pragma once
// Verifies customers' access tokens locally, with the auth service's public keys (JWKS) cached in
// memory: no call to auth per request. An unknown `kid` (keys rotated) triggers one refresh,
// at most once a second.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "platform/auth/jwt.hpp"
#include "platform/errors.hpp"
#include "platform/http/client.hpp"
#include "platform/http/message.hpp"
#include "platform/upstreams.hpp"

namespace rapidtrade::platform::auth {

class TokenVerifier {
public:
    TokenVerifier(http::HttpClient& client, const Upstreams& upstreams, std::string issuer)
        : client_(client), upstreams_(upstreams), issuer_(std::move(issuer)) {}

    // The claims of a valid token; throws Unauthorized (with WWW-Authenticate) otherwise.
    Claims verify(std::string_view token);
    const std::string& issuer() const { return issuer_; }

    // The auth service itself hands its keys over directly.
    void add_key(const SigningKey& key);

private:
    std::shared_ptr<const SigningKey> key_for(const std::string& kid);
    void refresh();

    http::HttpClient& client_;
    const Upstreams& upstreams_;
    std::string issuer_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const SigningKey>> keys_;
    std::chrono::steady_clock::time_point last_refresh_{};
};

// A 401 with the Bearer challenge (RFC 6750), for any refused access token.
platform::Unauthorized invalid_token(platform::Msg detail);

// "Authorization: Bearer <token>" → claims, or 401.
Claims require_bearer(const http::Request& request, TokenVerifier& verifier);
// The same, when a token is optional (guest or customer): nullopt without Authorization.
std::optional<Claims> optional_bearer(const http::Request& request, TokenVerifier& verifier);

}  // namespace rapidtrade::platform::auth
