#include "platform/errors.hpp"
#include "platform/service.hpp"
#include "platform/validation.hpp"
#include "services/auth/handlers/handlers.hpp"

namespace rapidtrade::auth::handlers {
namespace {

std::string read_refresh_token(const Request& request) {
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    auto token = platform::read_text(body, "refresh_token", 1, 512, true, errors);
    platform::throw_if_any(errors);
    return *token;
}

}  // namespace

// POST /apis/auth/refresh {refresh_token}: a new pair; the old refresh token stops working, and
// presenting it again revokes every token of its family.
Response refresh_token(Context& ctx, const Request& request) {
    auto rotation = ctx.store.rotate(read_refresh_token(request));
    switch (rotation.outcome) {
        case RotateOutcome::rotated: break;
        case RotateOutcome::reused:
            throw platform::Unauthorized(platform::Msg("api.auth.refresh_reused"));
        case RotateOutcome::expired: throw platform::Unauthorized(platform::Msg("api.auth.refresh_expired"));
        default: throw platform::Unauthorized(platform::Msg("api.auth.refresh_invalid"));
    }
    auto credential = ctx.store.by_id(rotation.customer_id);
    if (!credential) throw platform::Unauthorized(platform::Msg("api.auth.refresh_invalid"));
    return token_pair(ctx, *credential, rotation.new_token);
}

// POST /apis/auth/session {refresh_token} (API key): 200 {customer_id} while the log-in session this
// token belongs to is open (not logged out, not revoked, not expired), 401 otherwise. The web shop
// asks it so that a copy of a logged-out session cookie opens nothing, on every replica. A check
// never rotates nor revokes anything.
Response session_status(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto customer = ctx.store.live_session_of(read_refresh_token(request));
    if (!customer) throw platform::Unauthorized(platform::Msg("api.auth.session_ended"));
    return platform::http::json_response(200, {{"customer_id", *customer}});
}

// POST /apis/auth/logout {refresh_token}: 204 whether or not the token was known (nothing leaks).
Response logout(Context& ctx, const Request& request) {
    ctx.store.revoke_family_of(read_refresh_token(request));
    return platform::http::empty_response(204);
}

}  // namespace rapidtrade::auth::handlers
