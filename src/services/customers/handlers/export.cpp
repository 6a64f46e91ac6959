#include "platform/clock.hpp"
#include "platform/errors.hpp"
#include "platform/history.hpp"
#include "platform/http/target.hpp"
#include "platform/ids.hpp"
#include "platform/service.hpp"
#include "services/customers/handlers/handlers.hpp"

namespace rapidtrade::customers::handlers {
namespace {

constexpr int kOrdersPerPage = 100;
constexpr int kMaxOrderPages = 100;  // 10 000 orders: far past any one customer's

// Every page of an order list of the checkout service (`target` without its paging), asked with the
// caller's own credential: the customer's token, or the staff member's. The export is whole or
// not at all: a checkout that cannot answer makes it 503.
boost::json::array all_orders(Context& ctx, const Request& request, const platform::http::Target& target) {
    boost::json::array orders;
    std::vector<std::pair<std::string, std::string>> headers{{"Authorization", std::string(request.header("Authorization"))}};
    for (int page = 1; page <= kMaxOrderPages; ++page) {
        auto t = target;
        t.query("page", page).query("per_page", kOrdersPerPage);
        auto res = ctx.client.get(ctx.upstreams.get("checkout"), t, headers);
        if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.account.orders_unreadable"));
        auto body = res.json();
        const auto* items = body.is_object() ? body.as_object().if_contains("items") : nullptr;
        const auto* total = body.is_object() ? body.as_object().if_contains("total") : nullptr;
        if (items == nullptr || !items->is_array() || total == nullptr || !total->is_int64())
            throw platform::ServiceUnavailable(platform::Msg("api.account.orders_unreadable"));
        for (const auto& o : items->as_array()) orders.push_back(o);
        if (items->as_array().empty() || static_cast<std::int64_t>(orders.size()) >= total->as_int64()) break;
    }
    return orders;
}

// The download: the customer's data as one JSON document, a file name made of the id alone (a
// checked [A-Z0-9]{16}: nothing from outside reaches the header), never cached on the way.
Response export_of(Context& ctx, const Customer& c, boost::json::array orders) {
    boost::json::array addresses;
    for (const auto& a : ctx.store.addresses(c.id)) addresses.push_back(to_json(a));
    boost::json::object doc{{"exported_at", platform::now_iso()},
                            {"customer", to_json(c)},
                            {"addresses", std::move(addresses)},
                            {"orders", std::move(orders)}};
    auto res = platform::http::json_response(200, doc);
    res.set(boost::beast::http::field::content_disposition,
            "attachment; filename=\"rapidtrade-donnees-" + c.id + ".json\"");
    res.set(boost::beast::http::field::cache_control, "no-store");
    return res;
}

}  // namespace

// GET /apis/customers/me/export: the customer's own data (right of access and portability).
Response export_me(Context& ctx, const Request& request) {
    auto me = current_customer(ctx, request);
    auto orders = all_orders(ctx, request, platform::http::Target{"apis", "orders"}.slash());
    return export_of(ctx, me, std::move(orders));
}

// GET /apis/customers/{id}/export: the same for staff answering a customer's request; recorded in
// the customer's history (who, when) once the export is whole, before it is answered.
Response export_customer(Context& ctx, const Request& request) {
    auto staff = platform::require_staff(request, ctx.tokens);
    const auto& id = request.param("id");
    auto c = platform::is_customer_id(id) ? ctx.store.find(id) : std::nullopt;
    if (!c) throw platform::NotFound(platform::Msg("api.customer.not_found", {{"id", id}}));
    auto orders = all_orders(ctx, request, platform::http::Target{"apis", "orders", "customers", id});
    ctx.store.record_event(id, "exported", platform::Actor::staff(staff),
                           {{"orders", static_cast<std::int64_t>(orders.size())}});
    return export_of(ctx, *c, std::move(orders));
}

}  // namespace rapidtrade::customers::handlers
