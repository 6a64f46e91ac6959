#include "platform/history.hpp"
#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/service.hpp"
#include "services/catalog/handlers/handlers.hpp"
#include "services/catalog/input.hpp"

namespace rapidtrade::catalog::handlers {

// PATCH /apis/products/{id} (API key or staff token): any product field, e.g. {"stock": 5}.
Response update_product(Context& ctx, const Request& request) {
    auto by = platform::require_api_key_or_staff_actor(request, ctx.api_keys, ctx.tokens);
    const auto& id = request.param("id");
    auto changes = parse_product_input(request.json_object(), InputMode::update);
    auto product = platform::is_product_id(id) ? ctx.store.update(id, changes, by) : std::nullopt;
    if (!product) throw platform::NotFound(platform::Msg("api.product.not_found", {{"id", id}}));
    return platform::http::json_response(200, to_json(*product));
}

}  // namespace rapidtrade::catalog::handlers
