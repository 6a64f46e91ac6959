#include "platform/errors.hpp"
#include "platform/service.hpp"
#include "platform/validation.hpp"
#include "services/auth/handlers/handlers.hpp"
#include "services/auth/passwords.hpp"

namespace rapidtrade::auth::handlers {

// POST /apis/auth/token {email, password}: the same 401 for an unknown e-mail, a wrong password and
// a disabled account, in similar time (a dummy Argon2id verification runs for unknown e-mails; a
// disabled account's password is verified all the same).
Response issue_token(Context& ctx, const Request& request) {
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    auto email = platform::read_text(body, "email", 1, 254, true, errors);
    const auto* password = body.if_contains("password");
    if (password == nullptr) errors.push_back({"password", platform::Msg("api.field.required")});
    else if (!password->is_string() || password->as_string().empty() || password->as_string().size() > 1024)
        errors.push_back({"password", platform::Msg("api.field.non_empty_string")});
    platform::throw_if_any(errors);

    auto normalized = platform::normalize_email(*email);
    auto address = platform::client_address(request, ctx.api_keys);
    auto failure = [&](const char* reason) {
        ctx.metrics.counter("rapidtrade_login_failures_total", "Refused log-ins, by reason", {{"reason", reason}}).Increment();
    };
    if (int wait = ctx.throttle.retry_after(normalized, address); wait > 0) {
        failure("throttled");
        throw platform::TooManyRequests(platform::Msg("api.auth.too_many_log_ins", {{"seconds", std::to_string(wait)}}), wait);
    }

    std::string_view given(password->as_string());
    auto credential = ctx.store.by_email(normalized);
    bool ok = credential ? verify_password(credential->password_hash, given) : (verify_against_dummy(given), false);
    if (ok && credential->disabled) {
        failure("disabled");
        throw platform::Unauthorized(platform::Msg("api.auth.wrong_credentials"));
    }
    if (!ok) {
        ctx.throttle.record_failure(normalized, address);
        failure("wrong_credentials");
        throw platform::Unauthorized(platform::Msg("api.auth.wrong_credentials"));
    }
    ctx.throttle.record_success(normalized);
    return token_pair(ctx, *credential, ctx.store.start_family(credential->customer_id));
}

}  // namespace rapidtrade::auth::handlers
