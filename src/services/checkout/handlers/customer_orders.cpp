#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "platform/paging.hpp"
#include "platform/service.hpp"
#include "services/checkout/handlers/handlers.hpp"

namespace rapidtrade::checkout::handlers {
namespace {

// The path's customer id, checked against its shape before it reaches a query.
const std::string& customer_of_path(const Request& request) {
    const auto& id = request.param("customer_id");
    if (!platform::is_customer_id(id)) throw platform::NotFound(platform::Msg("api.customer.not_found", {{"id", id}}));
    return id;
}

}  // namespace

// GET /apis/orders/customers/{customer_id}: one customer's orders, newest first, for the shop's staff
// (their token, passed along by the customers service for a staff export): the API key alone shows
// no order, as everywhere in this service.
Response orders_of_customer(Context& ctx, const Request& request) {
    platform::require_staff(request, ctx.tokens);
    const auto& customer = customer_of_path(request);
    auto paging = platform::parse_paging(request);
    boost::json::array items;
    for (const auto& o : ctx.store.of_customer(customer, paging.per_page, paging.offset())) items.push_back(to_json(o));
    return platform::http::json_response(
        200, platform::paged(std::move(items), paging, ctx.store.count_of_customer(customer)));
}

// DELETE /apis/orders/customers/{customer_id}/personal-data (API key): a step of a customer's
// erasure, asked by the customers service until it is confirmed. The orders stay (accounting) with
// the e-mail, the name and the address replaced; idempotent: 204 whether there was anything left.
Response anonymise_customer_orders(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    const auto& customer = customer_of_path(request);
    auto orders = ctx.store.anonymise_customer(customer);
    platform::log::info("customer_orders_anonymised", {{"customer_id", customer}, {"orders", orders}});
    return platform::http::empty_response(204);
}

}  // namespace rapidtrade::checkout::handlers
