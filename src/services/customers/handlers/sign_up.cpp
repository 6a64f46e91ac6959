#include "platform/errors.hpp"
#include "platform/http/target.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "platform/validation.hpp"
#include "services/customers/handlers/handlers.hpp"

namespace rapidtrade::customers::handlers {

// POST /apis/customers/ {email, password, first_name, last_name, language?} → 201. Two steps in two services:
// the credential (auth), then the profile (here). If the profile cannot be stored, the credential
// is deleted again, so nothing half-made remains.
Response sign_up(Context& ctx, const Request& request) {
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    platform::reject_unknown_fields(body, {"email", "password", "first_name", "last_name", "language"}, errors);
    auto email = platform::read_email(body, "email", errors);
    auto password = platform::read_new_password(body, "password", errors);
    auto first = platform::read_text(body, "first_name", 1, 100, true, errors);
    auto last = platform::read_text(body, "last_name", 1, 100, true, errors);
    auto language = read_profile_language(body, errors);
    platform::throw_if_any(errors);

    auto language_code = std::string(platform::i18n::code(language.value_or(platform::i18n::kDefaultLanguage)));
    Customer c{platform::random_id(16), *email, *first, *last, {}, language_code};
    auto auth = ctx.upstreams.get("auth");
    auto res = ctx.client.send_json(auth, boost::beast::http::verb::post, platform::http::Target{"apis", "auth", "credentials"},
                                    {{"customer_id", c.id}, {"email", c.email}, {"password", *password}});
    if (res.status == 409) throw platform::Conflict(platform::Msg("api.account.email_taken"));
    if (res.status != 201) {
        platform::log::error("credential_refused", {{"status", res.status}});
        throw platform::ServiceUnavailable(platform::Msg("api.account.not_created"));
    }
    try {
        ctx.store.create(c);
    } catch (...) {
        try {
            ctx.client.request(auth, boost::beast::http::verb::delete_, platform::http::Target{"apis", "auth", "credentials", c.id});
        } catch (const std::exception& e) {
            platform::log::error("sign_up_compensation_failed", {{"customer_id", c.id}, {"error", e.what()}});
        }
        throw;
    }
    ctx.metrics.counter("rapidtrade_signups_total", "Accounts created").Increment();
    auto stored = ctx.store.find(c.id);
    auto out = platform::http::json_response(201, to_json(*stored));
    out.set(boost::beast::http::field::location, "/apis/customers/me");
    return out;
}

}  // namespace rapidtrade::customers::handlers
