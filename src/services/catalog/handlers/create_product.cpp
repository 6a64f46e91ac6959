#include "services/catalog/handlers/handlers.hpp"
#include "platform/http/target.hpp"
#include "services/catalog/input.hpp"

namespace rapidtrade::catalog::handlers {

// POST /apis/products/ (API key): 201 with the product and its Location.
Response create_product(CatalogStore& store, const Request& request) {
    auto input = parse_product_input(request.json_object(), InputMode::create);
    auto product = store.create(input);
    auto res = platform::http::json_response(201, to_json(product));
    res.set(boost::beast::http::field::location, platform::http::Target{"apis", "products", product.id}.encoded());
    return res;
}

}  // namespace rapidtrade::catalog::handlers
