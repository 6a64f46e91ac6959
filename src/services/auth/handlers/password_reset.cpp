#include "platform/errors.hpp"
#include "platform/i18n/language_field.hpp"
#include "platform/ids.hpp"
#include "platform/validation.hpp"
#include "services/auth/fields.hpp"
#include "services/auth/handlers/handlers.hpp"
#include "services/auth/passwords.hpp"

namespace rapidtrade::auth::handlers {

// POST /apis/auth/password-reset {email, language?}: 202 whether or not an account has this e-mail;
// the e-mail is written in `language` ("fr" or "en", French when absent). Nothing
// is looked up here: the address goes to the reset mailer's queue (reset_mailer.hpp), so the
// answer and its timing are the same for every address. Throttled per e-mail and per client
// address like log-ins (429 with Retry-After), counted for every request, known account or not.
Response request_password_reset(Context& ctx, const Request& request) {
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    platform::reject_unknown_fields(body, {"email", "language"}, errors);
    auto email = read_email_strict(body, "email", errors);
    auto language = platform::i18n::read_language(body, "language", errors);
    platform::throw_if_any(errors);
    auto address = platform::client_address(request, ctx.api_keys);
    if (int wait = ctx.reset_throttle.retry_after(*email, address); wait > 0)
        throw platform::TooManyRequests(
            platform::Msg("api.auth.too_many_resets", {{"seconds", std::to_string(wait)}}), wait);
    ctx.reset_throttle.record_failure(*email, address);  // every request counts, not only failures
    ctx.reset_mailer.request(*email, language);
    return platform::http::json_response(
        202, {{"message", "if an account has this e-mail address, a link to choose a new password was sent to it"}});
}

// POST /apis/auth/password-reset/confirm {token, password}: 204 and the new password set; the link
// is used up and every session of the account closed. An unknown, used or expired token: 400 on
// "token" (the same for each); a weak password: 400 on "password", the sign-up's rules.
Response confirm_password_reset(Context& ctx, const Request& request) {
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    platform::reject_unknown_fields(body, {"token", "password"}, errors);
    const auto* token = body.if_contains("token");
    if (token == nullptr || !token->is_string() || !platform::is_random_token(token->as_string(), 32))
        errors.push_back({"token", platform::Msg("api.auth.reset_link_invalid")});
    auto password = read_password_strict(body, "password", errors);
    platform::throw_if_any(errors);
    if (!ctx.store.reset_password(std::string(token->as_string()), hash_password(*password)))
        throw platform::BadRequest("token", platform::Msg("api.auth.reset_link_spent"));
    return platform::http::empty_response(204);
}

// POST /apis/auth/password {current, new, refresh_token?} with the account's Bearer token: 204 and
// the password changed; every other session of the account is closed (the one `refresh_token`
// belongs to, when given, stays open). A wrong current password: 400 on "current", and it counts
// as a failed log-in of the account (throttled alike: a stolen access token cannot guess it).
Response change_password(Context& ctx, const Request& request) {
    auto claims = platform::auth::require_bearer(request, ctx.tokens);
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    platform::reject_unknown_fields(body, {"current", "new", "refresh_token"}, errors);
    auto current = read_current_password(body, "current", errors);
    auto fresh = read_password_strict(body, "new", errors);
    auto session = platform::read_text(body, "refresh_token", 1, 512, false, errors);
    platform::throw_if_any(errors);

    auto account = ctx.store.by_id(claims.subject);
    if (!account || account->disabled) throw platform::Unauthorized(platform::Msg("api.auth.account_closed"));
    auto address = platform::client_address(request, ctx.api_keys);
    if (int wait = ctx.throttle.retry_after(account->email, address); wait > 0)
        throw platform::TooManyRequests(
            platform::Msg("api.auth.too_many_wrong_passwords", {{"seconds", std::to_string(wait)}}), wait);
    if (!verify_password(account->password_hash, *current)) {
        ctx.throttle.record_failure(account->email, address);
        throw platform::BadRequest("current", platform::Msg("api.auth.current_password_wrong"));
    }
    ctx.store.change_password(account->customer_id, hash_password(*fresh), session.value_or(""));
    return platform::http::empty_response(204);
}

}  // namespace rapidtrade::auth::handlers
