#include "platform/errors.hpp"
#include "platform/history.hpp"
#include "platform/ids.hpp"
#include "platform/paging.hpp"
#include "platform/service.hpp"
#include "services/customers/handlers/handlers.hpp"

namespace rapidtrade::customers::handlers {

// GET /apis/customers/{id}/history?page=&per_page= (staff only: a customer's token 403, the key
// alone 401): what was done to the customer's record, newest first. It outlives the erasure, which
// it shows; 404 for an id that is not a customer id, or of no customer and no history.
Response customer_history(Context& ctx, const Request& request) {
    platform::require_staff(request, ctx.tokens);
    const auto& id = request.param("id");
    if (!platform::is_customer_id(id)) throw platform::NotFound(platform::Msg("api.customer.unknown_id"));
    auto paging = platform::parse_paging(request);
    auto page = ctx.store.history_of(id, paging.per_page, paging.offset());
    if (page.total == 0 && !ctx.store.find(id)) throw platform::NotFound(platform::Msg("api.customer.not_found", {{"id", id}}));
    boost::json::array items;
    for (const auto& e : page.items) items.push_back(to_json(e));
    return platform::http::json_response(200, platform::paged(std::move(items), paging, page.total));
}

}  // namespace rapidtrade::customers::handlers
