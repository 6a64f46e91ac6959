#include "platform/paging.hpp"
#include "platform/service.hpp"
#include "services/catalog/handlers/handlers.hpp"

namespace rapidtrade::catalog::handlers {

// GET /apis/products/categories/history?page=&per_page= (staff or admin token; the key alone names
// no one who reads: 401): every write to any category, newest first, deleted categories' too. One
// history for them all: the back-office shows the categories on one page, and an entry's details
// name its category ({"slug", "name"}, and "from"/"to" for a renaming).
Response category_history(Context& ctx, const Request& request) {
    platform::require_staff(request, ctx.tokens);
    auto paging = platform::parse_paging(request);
    auto page = ctx.store.history_of_all("category", paging.per_page, paging.offset());
    boost::json::array items;
    for (const auto& e : page.items) items.push_back(to_json(e));
    return platform::http::json_response(200, platform::paged(std::move(items), paging, page.total));
}

}  // namespace rapidtrade::catalog::handlers
