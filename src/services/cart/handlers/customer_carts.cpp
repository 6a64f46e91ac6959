#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "platform/service.hpp"
#include "services/cart/handlers/handlers.hpp"

namespace rapidtrade::cart::handlers {

// DELETE /apis/carts/customers/{customer_id} (API key): a step of a customer's erasure, asked by the
// customers service until it is confirmed. A cart holds nothing worth keeping once its owner is
// gone: every cart of the customer goes, with its lines. Idempotent: 204 whether any was left.
Response delete_customer_carts(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    const auto& customer = request.param("customer_id");
    if (!platform::is_customer_id(customer)) throw platform::NotFound(platform::Msg("api.customer.not_found", {{"id", customer}}));
    auto deleted = ctx.store.delete_of_customer(customer);
    platform::log::info("customer_carts_deleted", {{"customer_id", customer}, {"carts", deleted}});
    return platform::http::empty_response(204);
}

}  // namespace rapidtrade::cart::handlers
