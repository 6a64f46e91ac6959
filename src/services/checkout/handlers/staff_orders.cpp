#include <algorithm>
#include <cctype>

#include "platform/errors.hpp"
#include "platform/paging.hpp"
#include "services/checkout/handlers/handlers.hpp"

namespace rapidtrade::checkout::handlers {

// GET /apis/orders/?status=&q=&customer_id=&page=&per_page= with a staff token (list_orders sends
// it here): every order, newest first, filtered by status, by customer, and by words of the
// reference, e-mail or name (any case, any accents).
Response list_all_orders(Context& ctx, const Request& request) {
    OrderQuery query;
    if (auto status = request.query_param("status"); status && !status->empty()) {
        if (std::find(kOrderStatuses.begin(), kOrderStatuses.end(), *status) == kOrderStatuses.end())
            throw platform::BadRequest("status", platform::Msg("api.field.one_of", {{"values", "paid, shipped, delivered, cancelled"}}));
        query.status = std::string(*status);
    }
    if (auto customer = request.query_param("customer_id"); customer && !customer->empty()) {
        bool ok = customer->size() <= 64 &&
                  std::all_of(customer->begin(), customer->end(), [](unsigned char c) { return std::isalnum(c); });
        if (!ok) throw platform::BadRequest("customer_id", platform::Msg("api.customer.id_format"));
        query.customer_id = std::string(*customer);
    }
    // The query string is valid UTF-8 by now (the pipeline refuses it otherwise).
    if (auto q = request.query_param("q"); q && !q->empty()) {
        if (q->size() > 200) throw platform::BadRequest("q", platform::Msg("api.field.max_bytes", {{"max", "200"}}));
        query.text = std::string(*q);
    }
    auto paging = platform::parse_paging(request);
    query.limit = paging.per_page;
    query.offset = paging.offset();
    auto [orders, total] = ctx.store.list(query);
    boost::json::array items;
    for (const auto& o : orders) items.push_back(to_json(o));
    return platform::http::json_response(200, platform::paged(std::move(items), paging, total));
}

}  // namespace rapidtrade::checkout::handlers
