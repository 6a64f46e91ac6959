#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/paging.hpp"
#include "platform/service.hpp"
#include "services/customers/handlers/handlers.hpp"

namespace rapidtrade::customers::handlers {

// GET /apis/customers/?q=&page=&per_page=: services (the API key) and the shop's staff (their
// token); `q` finds customers by e-mail or name, in any case.
Response admin_list(Context& ctx, const Request& request) {
    platform::require_api_key_or_staff(request, ctx.api_keys, ctx.tokens);
    auto paging = platform::parse_paging(request);
    std::string q(request.query_param("q").value_or(""));
    if (q.size() > 200) throw platform::BadRequest("q", platform::Msg("api.field.max_chars", {{"max", "200"}}));
    boost::json::array items;
    if (q.empty()) {
        for (const auto& c : ctx.store.list(paging.per_page, paging.offset())) items.push_back(to_json(c));
        return platform::http::json_response(200, platform::paged(std::move(items), paging, ctx.store.count()));
    }
    for (const auto& c : ctx.store.search(q, paging.per_page, paging.offset())) items.push_back(to_json(c));
    return platform::http::json_response(200, platform::paged(std::move(items), paging, ctx.store.count_matching(q)));
}

// GET /apis/customers/{id}: services (the API key) and staff. An id of another shape is unknown.
Response admin_get(Context& ctx, const Request& request) {
    platform::require_api_key_or_staff(request, ctx.api_keys, ctx.tokens);
    const auto& id = request.param("id");
    auto c = platform::is_customer_id(id) ? ctx.store.find(id) : std::nullopt;
    if (!c) throw platform::NotFound(platform::Msg("api.customer.not_found", {{"id", id}}));
    return platform::http::json_response(200, to_json(*c));
}

}  // namespace rapidtrade::customers::handlers
