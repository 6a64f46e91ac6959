#include "platform/auth/jwt.hpp"
#include "platform/errors.hpp"
#include "platform/http/target.hpp"
#include "platform/service.hpp"
#include "services/checkout/handlers/handlers.hpp"

namespace rapidtrade::checkout::handlers {
namespace {

// The saga, with the business metrics: orders by outcome and the revenue they bring.
Order counted(Context& ctx, const boost::json::object& body, const std::optional<platform::auth::Claims>& customer,
              const Request& request, const std::string& idempotency_key) {
    auto count = [&ctx](const char* outcome) {
        ctx.metrics.counter("rapidtrade_orders_total", "Order attempts, by outcome", {{"outcome", outcome}}).Increment();
    };
    try {
        auto order = ctx.saga.place(body, customer, std::string(request.header("Authorization")), idempotency_key);
        count("placed");
        ctx.metrics.counter("rapidtrade_revenue_cents_total", "Total of the orders placed, in euro cents")
            .Increment(static_cast<double>(order.total));
        return order;
    } catch (const platform::HttpError& e) {
        count(e.status() == 402   ? "payment_refused"
              : e.status() == 422 ? "refused"
              : e.status() == 404 ? "unknown_cart"
              : e.status() < 500  ? "invalid"
                                  : "error");
        throw;
    }
}

// The new order, with the token that lets whoever placed it see it again (a guest has no other).
Response created(const Context& ctx, const Order& o) {
    auto body = to_json(o);
    body["access_token"] = ctx.access.token_for(o.reference);
    auto res = platform::http::json_response(201, body);
    res.set(boost::beast::http::field::location, platform::http::Target{"apis", "orders", o.reference}.encoded());
    return res;
}

}  // namespace

// POST /apis/orders/: the checkout saga (saga.hpp); the confirmation e-mail and the shipment follow
// right after the answer (follow_ups.hpp).
Response place_order(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto customer = platform::auth::optional_bearer(request, ctx.tokens);
    auto body = request.json_object();
    auto scope = customer ? customer->subject : std::string("guest");
    return ctx.idempotency.answer_once(request, scope, body, [&](const std::string& scoped_key) {
        auto order = counted(ctx, body, customer, request, scoped_key);
        ctx.follow_ups.queue(order);
        return created(ctx, order);
    });
}

}  // namespace rapidtrade::checkout::handlers
