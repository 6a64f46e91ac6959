#include "platform/history.hpp"
#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/service.hpp"
#include "services/catalog/handlers/handlers.hpp"

namespace rapidtrade::catalog::handlers {

// DELETE /apis/products/{id} (API key or staff token): 204.
Response delete_product(Context& ctx, const Request& request) {
    auto by = platform::require_api_key_or_staff_actor(request, ctx.api_keys, ctx.tokens);
    const auto& id = request.param("id");
    if (!platform::is_product_id(id) || !ctx.store.remove(id, by)) throw platform::NotFound(platform::Msg("api.product.not_found", {{"id", id}}));
    return platform::http::empty_response(204);
}

}  // namespace rapidtrade::catalog::handlers
