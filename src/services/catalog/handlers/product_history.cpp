#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/paging.hpp"
#include "platform/service.hpp"
#include "services/catalog/handlers/handlers.hpp"

namespace rapidtrade::catalog::handlers {

// GET /apis/products/{id}/history?page=&per_page= (staff or admin token; the key alone names no
// one who reads: 401): every write to the product, newest first, still there once it is deleted.
// 404 for an id that is not a product id, or was never written to nor exists.
Response product_history(Context& ctx, const Request& request) {
    platform::require_staff(request, ctx.tokens);
    const auto& id = request.param("id");
    if (!platform::is_product_id(id)) throw platform::NotFound(platform::Msg("api.product.unknown_id"));
    auto paging = platform::parse_paging(request);
    auto page = ctx.store.history_of("product", id, paging.per_page, paging.offset());
    if (page.total == 0 && !ctx.store.find(id)) throw platform::NotFound(platform::Msg("api.product.not_found", {{"id", id}}));
    boost::json::array items;
    for (const auto& e : page.items) items.push_back(to_json(e));
    return platform::http::json_response(200, platform::paged(std::move(items), paging, page.total));
}

}  // namespace rapidtrade::catalog::handlers
