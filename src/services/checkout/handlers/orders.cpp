#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/paging.hpp"
#include "platform/service.hpp"
#include "services/checkout/handlers/handlers.hpp"

namespace rapidtrade::checkout::handlers {

// GET /apis/orders/: the customer's orders, newest first; every order for the shop's staff.
Response list_orders(Context& ctx, const Request& request) {
    auto customer = platform::auth::require_bearer(request, ctx.tokens);
    if (platform::is_staff(customer)) return list_all_orders(ctx, request);
    auto paging = platform::parse_paging(request);
    boost::json::array items;
    for (const auto& o : ctx.store.of_customer(customer.subject, paging.per_page, paging.offset()))
        items.push_back(to_json(o));
    return platform::http::json_response(
        200, platform::paged(std::move(items), paging, ctx.store.count_of_customer(customer.subject)));
}

// GET /apis/orders/{reference}: to whoever placed it (X-Order-Token, the 201's access_token), to
// the customer who owns it (their token), or to staff (a token with the staff or admin role). The API key
// says which service calls, not for whom: alone, it shows nothing. The same 404 for an order that
// does not exist and one that is not yours.
Response get_order(Context& ctx, const Request& request) {
    const auto& reference = request.param("reference");
    auto order = platform::is_order_reference(reference) ? ctx.store.find(reference) : std::nullopt;
    bool allowed = false;
    if (order) {
        if (auto token = request.header("X-Order-Token"); !token.empty()) {
            allowed = ctx.access.grants(token, reference);
        } else if (!request.header("Authorization").empty()) {
            auto claims = platform::auth::require_bearer(request, ctx.tokens);
            allowed = (order->customer_id && *order->customer_id == claims.subject) || platform::is_staff(claims);
        }
    }
    if (!allowed) throw platform::NotFound(platform::Msg("api.order.not_yours", {{"reference", reference}}));
    return platform::http::json_response(200, to_json(*order));
}

}  // namespace rapidtrade::checkout::handlers
