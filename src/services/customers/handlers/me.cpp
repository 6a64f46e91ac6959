#include "platform/errors.hpp"
#include "platform/http/target.hpp"
#include "platform/log.hpp"
#include "platform/paging.hpp"
#include "platform/service.hpp"
#include "platform/validation.hpp"
#include "services/customers/handlers/handlers.hpp"

namespace rapidtrade::customers::handlers {

Customer current_customer(Context& ctx, const Request& request) {
    auto claims = platform::auth::require_bearer(request, ctx.tokens);
    auto customer = ctx.store.find(claims.subject);
    if (!customer) throw platform::auth::invalid_token("this account no longer exists");
    return *customer;
}

Response get_me(Context& ctx, const Request& request) {
    return platform::http::json_response(200, to_json(current_customer(ctx, request)));
}

// PATCH /apis/customers/me {first_name?, last_name?}
Response update_me(Context& ctx, const Request& request) {
    auto me = current_customer(ctx, request);
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    if (body.contains("email")) errors.push_back({"email", "cannot be changed here"});
    platform::reject_unknown_fields(body, {"first_name", "last_name", "email"}, errors);
    auto first = platform::read_text(body, "first_name", 1, 100, false, errors);
    auto last = platform::read_text(body, "last_name", 1, 100, false, errors);
    platform::throw_if_any(errors);
    auto updated = ctx.store.update_names(me.id, first.value_or(me.first_name), last.value_or(me.last_name));
    if (!updated) throw platform::auth::invalid_token("this account no longer exists");
    return platform::http::json_response(200, to_json(*updated));
}

// DELETE /apis/customers/me: closes the account (credential and refresh tokens first, so no new
// session can start, then the profile and its addresses).
Response delete_me(Context& ctx, const Request& request) {
    auto me = current_customer(ctx, request);
    auto res = ctx.client.request(ctx.upstreams.get("auth"), boost::beast::http::verb::delete_,
                                  platform::http::Target{"apis", "auth", "credentials", me.id});
    if (res.status != 204 && res.status != 404)
        throw platform::ServiceUnavailable("the account could not be closed; try again");
    ctx.store.remove(me.id);
    platform::log::info("account_closed", {{"customer_id", me.id}});
    return platform::http::empty_response(204);
}

Response admin_list(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto paging = platform::parse_paging(request);
    boost::json::array items;
    for (const auto& c : ctx.store.list(paging.per_page, paging.offset())) items.push_back(to_json(c));
    return platform::http::json_response(200, platform::paged(std::move(items), paging, ctx.store.count()));
}

Response admin_get(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto c = ctx.store.find(request.param("id"));
    if (!c) throw platform::NotFound("no customer with id " + request.param("id"));
    return platform::http::json_response(200, to_json(*c));
}

}  // namespace rapidtrade::customers::handlers
