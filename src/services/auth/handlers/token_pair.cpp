#include "platform/auth/jwt.hpp"
#include "services/auth/handlers/handlers.hpp"

namespace rapidtrade::auth::handlers {

Response token_pair(Context& ctx, const Credential& credential, const std::string& refresh_token) {
    const auto& customer_id = credential.customer_id;
    platform::auth::Claims claims;
    claims.subject = customer_id;
    claims.email = credential.email;
    claims.issuer = ctx.issuer;
    claims.roles = credential.roles;
    claims.issued_at = std::chrono::system_clock::now();
    claims.expires_at = claims.issued_at + ctx.access_ttl;
    auto res = platform::http::json_response(200, {{"access_token", platform::auth::sign_token(ctx.keys->signer(), claims)},
                                                   {"token_type", "Bearer"},
                                                   {"expires_in", ctx.access_ttl.count()},
                                                   {"refresh_token", refresh_token},
                                                   {"customer_id", customer_id}});
    res.set(boost::beast::http::field::cache_control, "no-store");  // tokens must not be cached
    return res;
}

}  // namespace rapidtrade::auth::handlers
