#include "platform/errors.hpp"
#include "platform/service.hpp"
#include "platform/validation.hpp"
#include "services/auth/handlers/handlers.hpp"
#include "services/auth/passwords.hpp"

namespace rapidtrade::auth::handlers {

// POST /apis/auth/credentials {customer_id, email, password, roles?} (API key): called by the
// customers service at sign-up. 409 when the e-mail exists.
Response create_credential(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    platform::reject_unknown_fields(body, {"customer_id", "email", "password", "roles"}, errors);
    auto id = platform::read_text(body, "customer_id", 1, 64, true, errors);
    auto email = platform::read_email(body, "email", errors);
    auto password = platform::read_new_password(body, "password", errors);
    std::vector<std::string> roles{"customer"};
    if (const auto* r = body.if_contains("roles")) {
        roles.clear();
        if (!r->is_array()) errors.push_back({"roles", platform::Msg("api.auth.roles_list")});
        else
            for (const auto& role : r->as_array()) {
                if (role == "customer" || role == "staff" || role == "admin") roles.emplace_back(role.as_string());
                else errors.push_back({"roles", platform::Msg("api.auth.roles_known")});
            }
    }
    platform::throw_if_any(errors);
    Credential credential{*id, *email, hash_password(*password), roles};
    ctx.store.create_credential(credential);
    return platform::http::json_response(201, to_json(credential));
}

// DELETE /apis/auth/credentials/{id} (API key): the account is closed (or its sign-up undone);
// its refresh tokens are revoked.
Response delete_credential(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    if (!ctx.store.delete_credential(request.param("id")))
        throw platform::NotFound(platform::Msg("api.auth.no_credential", {{"id", request.param("id")}}));
    return platform::http::empty_response(204);
}

}  // namespace rapidtrade::auth::handlers
