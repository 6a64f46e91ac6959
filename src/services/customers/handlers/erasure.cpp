#include "platform/errors.hpp"
#include "platform/history.hpp"
#include "platform/http/target.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "platform/service.hpp"
#include "platform/validation.hpp"
#include "services/customers/handlers/handlers.hpp"

namespace rapidtrade::customers::handlers {
namespace {

// Whether `password` is the customer's, asked of the auth service through its log-in route (auth
// alone holds the hash): with the API key and the client's address, so the log-in throttle counts
// wrong passwords given here like any other. That address is the shopper's own when the web shop
// relays it (X-Client-Address with the API key, platform::client_address), not the shop's, which
// every shopper closing an account would then share. The session that log-in opens is revoked with
// the credential by the erasure's first step.
void check_password(Context& ctx, const Request& request, const Customer& me, const std::string& password) {
    std::vector<std::pair<std::string, std::string>> headers;
    auto address = platform::client_address(request, ctx.api_keys);
    if (!address.empty()) headers.emplace_back("X-Client-Address", std::move(address));
    auto res = ctx.client.send_json(ctx.upstreams.get("auth"), boost::beast::http::verb::post,
                                    platform::http::Target{"apis", "auth", "token"},
                                    {{"email", me.email}, {"password", password}}, headers);
    if (res.status == 401) throw platform::Forbidden(platform::Msg("api.account.password_wrong"));
    // The auth service's own wait, passed on: the shop tells the customer how long it is.
    if (res.status == 429)
        throw platform::TooManyRequests(platform::Msg("api.account.too_many_wrong_passwords"),
                                        res.retry_after > 0 ? res.retry_after : 60);
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.account.password_unchecked"));
    auto body = res.json();
    const auto* token = body.is_object() ? body.as_object().if_contains("access_token") : nullptr;
    // The credential of that e-mail must be this very customer's.
    if (token == nullptr || !token->is_string() || ctx.tokens.verify(token->as_string()).subject != me.id)
        throw platform::Forbidden(platform::Msg("api.account.password_wrong"));
}

// Deletes the profile and records the erasure in one transaction, then asks every other service
// for its part right away. 204 when every service confirmed; 202 with what is left otherwise,
// which ErasureRetries finishes once those services answer.
Response erase(Context& ctx, const std::string& id, const std::string& requested_by, const platform::Actor& by) {
    if (!ctx.store.begin_erasure(id, requested_by, ErasureSteps::all(), by))
        throw platform::NotFound(platform::Msg("api.customer.not_found", {{"id", id}}));
    platform::log::info("erasure_requested", {{"customer_id", id}, {"requested_by", requested_by}});
    if (ctx.erasure.advance(id)) return platform::http::empty_response(204);
    auto state = ctx.store.erasure(id);
    return platform::http::json_response(202, state ? to_json(*state) : boost::json::object{{"customer_id", id}});
}

}  // namespace

// DELETE /apis/customers/me {password}: the customer erases their own account and data; the
// password, not only a token that may have been left on a shared computer. Nothing is erased
// unless it is right.
Response delete_me(Context& ctx, const Request& request) {
    auto me = current_customer(ctx, request);
    if (request.raw.body().empty()) throw platform::BadRequest("password", platform::Msg("api.account.password_to_close"));
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    platform::reject_unknown_fields(body, {"password"}, errors);
    const auto* password = body.if_contains("password");
    if (password == nullptr) errors.push_back({"password", platform::Msg("api.account.password_to_close")});
    else if (!password->is_string() || password->as_string().empty() || password->as_string().size() > 1024)
        errors.push_back({"password", platform::Msg("api.field.non_empty_string")});
    platform::throw_if_any(errors);
    check_password(ctx, request, me, std::string(password->as_string()));
    return erase(ctx, me.id, "customer", platform::Actor::customer());
}

// DELETE /apis/customers/{id}: staff erase a customer's account and data on their request.
Response erase_customer(Context& ctx, const Request& request) {
    auto staff = platform::require_staff(request, ctx.tokens);
    const auto& id = request.param("id");
    if (!platform::is_customer_id(id)) throw platform::NotFound(platform::Msg("api.customer.not_found", {{"id", id}}));
    return erase(ctx, id, "staff:" + staff.subject, platform::Actor::staff(staff));
}

// GET /apis/customers/{id}/erasure: where an erasure stands (staff): pending steps, or finished.
Response get_erasure(Context& ctx, const Request& request) {
    platform::require_staff(request, ctx.tokens);
    const auto& id = request.param("id");
    auto e = platform::is_customer_id(id) ? ctx.store.erasure(id) : std::nullopt;
    if (!e) throw platform::NotFound(platform::Msg("api.customer.no_erasure", {{"id", id}}));
    return platform::http::json_response(200, to_json(*e));
}

}  // namespace rapidtrade::customers::handlers
