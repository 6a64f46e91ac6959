#include "services/auth/handlers/handlers.hpp"

namespace rapidtrade::auth::handlers {

// GET /apis/auth/jwks.json: the public keys that verify access tokens.
Response jwks(Context& ctx, const Request&) {
    auto res = platform::http::json_response(200, ctx.keys->jwks());
    res.set(boost::beast::http::field::cache_control, "public, max-age=300");
    return res;
}

}  // namespace rapidtrade::auth::handlers
