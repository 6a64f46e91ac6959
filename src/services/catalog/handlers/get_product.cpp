#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "services/catalog/handlers/handlers.hpp"

namespace rapidtrade::catalog::handlers {

// GET /apis/products/{id}
Response get_product(Context& ctx, const Request& request) {
    const auto& id = request.param("id");
    // A malformed id cannot exist: answer 404 without a query.
    auto product = platform::is_product_id(id) ? ctx.store.find(id) : std::nullopt;
    if (!product) throw platform::NotFound(platform::Msg("api.product.not_found", {{"id", id}}));
    return platform::http::json_response(200, to_json(*product));
}

}  // namespace rapidtrade::catalog::handlers
