#include "services/catalog/handlers/handlers.hpp"

namespace rapidtrade::catalog::handlers {

// GET /apis/products/categories
Response list_categories(Context& ctx, const Request&) {
    boost::json::array items;
    for (const auto& c : ctx.store.categories()) items.push_back(to_json(c));
    return platform::http::json_response(200, boost::json::object{{"items", std::move(items)}});
}

}  // namespace rapidtrade::catalog::handlers
