#include "platform/history.hpp"
#include "platform/http/target.hpp"
#include "platform/service.hpp"
#include "services/catalog/handlers/handlers.hpp"
#include "services/catalog/input.hpp"

namespace rapidtrade::catalog::handlers {

// POST /apis/products/ (API key or staff token): 201 with the product and its Location.
Response create_product(Context& ctx, const Request& request) {
    auto by = platform::require_api_key_or_staff_actor(request, ctx.api_keys, ctx.tokens);
    auto input = parse_product_input(request.json_object(), InputMode::create);
    auto product = ctx.store.create(input, by);
    auto res = platform::http::json_response(201, to_json(product));
    res.set(boost::beast::http::field::location, platform::http::Target{"apis", "products", product.id}.encoded());
    return res;
}

}  // namespace rapidtrade::catalog::handlers
