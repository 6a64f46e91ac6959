#include "platform/errors.hpp"
#include "platform/i18n/language_field.hpp"
#include "platform/validation.hpp"
#include "services/customers/handlers/handlers.hpp"

namespace rapidtrade::customers::handlers {

Customer current_customer(Context& ctx, const Request& request) {
    auto claims = platform::auth::require_bearer(request, ctx.tokens);
    auto customer = ctx.store.find(claims.subject);
    if (!customer) throw platform::auth::invalid_token(platform::Msg("api.account.gone"));
    return *customer;
}

std::optional<platform::i18n::Language> read_profile_language(const boost::json::object& body,
                                                              std::vector<platform::FieldError>& errors) {
    return platform::i18n::read_language_if_present(body, "language",
                                                    platform::Msg("api.field.one_of", {{"values", "fr, en"}}), errors);
}

Response get_me(Context& ctx, const Request& request) {
    return platform::http::json_response(200, to_json(current_customer(ctx, request)));
}

// PATCH /apis/customers/me {first_name?, last_name?, language?}
Response update_me(Context& ctx, const Request& request) {
    auto me = current_customer(ctx, request);
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    if (body.contains("email")) errors.push_back({"email", platform::Msg("api.account.email_read_only")});
    platform::reject_unknown_fields(body, {"first_name", "last_name", "email", "language"}, errors);
    auto first = platform::read_text(body, "first_name", 1, 100, false, errors);
    auto last = platform::read_text(body, "last_name", 1, 100, false, errors);
    auto language = read_profile_language(body, errors);
    platform::throw_if_any(errors);
    auto updated = ctx.store.update_profile(me.id, first.value_or(me.first_name), last.value_or(me.last_name),
                                            language ? std::string(platform::i18n::code(*language)) : me.language);
    if (!updated) throw platform::auth::invalid_token(platform::Msg("api.account.gone"));
    return platform::http::json_response(200, to_json(*updated));
}

}  // namespace rapidtrade::customers::handlers
