#include "platform/auth/token_verifier.hpp"

#include "platform/errors.hpp"
#include "platform/http/target.hpp"
#include "platform/log.hpp"

namespace rapidtrade::platform::auth {
namespace {

// Why a token was refused, for the client (jwt's describe() says it in English for logs).
Msg token_problem(TokenError e) {
    switch (e) {
        case TokenError::malformed: return Msg("api.token.malformed");
        case TokenError::unsupported_algorithm: return Msg("api.token.algorithm");
        case TokenError::unknown_key: return Msg("api.token.unknown_key");
        case TokenError::bad_signature: return Msg("api.token.bad_signature");
        case TokenError::expired: return Msg("api.token.expired");
        case TokenError::wrong_issuer: return Msg("api.token.wrong_issuer");
    }
    return Msg("api.token.invalid");
}

}  // namespace

Unauthorized invalid_token(Msg detail) {
    Unauthorized e{std::move(detail)};
    e.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"rapidtrade\", error=\"invalid_token\"");
    return e;
}

void TokenVerifier::add_key(const SigningKey& key) {
    std::lock_guard lock(mutex_);
    keys_[key.kid()] = std::make_shared<const SigningKey>(SigningKey::from_public_jwk(key.jwk()));
}

void TokenVerifier::refresh() {
    auto res = client_.get(upstreams_.get("auth"), http::Target{"apis", "auth", "jwks.json"});
    if (res.status != 200) throw ServiceUnavailable(Msg("api.upstream.auth_keys"));
    auto doc = res.json();
    std::map<std::string, std::shared_ptr<const SigningKey>> fresh;
    if (auto keys = doc.as_object().if_contains("keys"); keys && keys->is_array()) {
        for (const auto& k : keys->as_array()) {
            if (!k.is_object()) continue;
            try {
                auto key = std::make_shared<const SigningKey>(SigningKey::from_public_jwk(k.as_object()));
                fresh[key->kid()] = key;
            } catch (const std::exception&) {
            }
        }
    }
    std::lock_guard lock(mutex_);
    for (auto& [kid, key] : fresh) keys_[kid] = key;
}

std::shared_ptr<const SigningKey> TokenVerifier::key_for(const std::string& kid) {
    {
        std::lock_guard lock(mutex_);
        if (auto it = keys_.find(kid); it != keys_.end()) return it->second;
        auto now = std::chrono::steady_clock::now();
        if (now - last_refresh_ < std::chrono::seconds(1)) return nullptr;  // no refresh storm on junk kids
        last_refresh_ = now;
    }
    refresh();
    std::lock_guard lock(mutex_);
    auto it = keys_.find(kid);
    return it == keys_.end() ? nullptr : it->second;
}

Claims TokenVerifier::verify(std::string_view token) {
    TokenError error;
    auto decoded = decode_token(token, error);
    if (!decoded) throw invalid_token(token_problem(error));
    auto key = key_for(decoded->kid);
    if (!key) throw invalid_token(token_problem(TokenError::unknown_key));
    auto claims = verify_token(*decoded, *key, issuer_, error);
    if (!claims) throw invalid_token(token_problem(error));
    return std::move(*claims);
}

std::optional<Claims> optional_bearer(const http::Request& request, TokenVerifier& verifier) {
    auto header = request.header("Authorization");
    if (header.empty()) return std::nullopt;
    if (header.size() < 7 || !(header.substr(0, 7) == "Bearer " || header.substr(0, 7) == "bearer "))
        throw invalid_token(Msg("api.token.authorization_format"));
    auto token = header.substr(7);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    return verifier.verify(token);
}

Claims require_bearer(const http::Request& request, TokenVerifier& verifier) {
    auto claims = optional_bearer(request, verifier);
    if (!claims) throw invalid_token(Msg("api.token.missing"));
    return std::move(*claims);
}

}  // namespace rapidtrade::platform::auth
