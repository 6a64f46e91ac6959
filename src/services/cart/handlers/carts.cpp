#include "platform/errors.hpp"
#include "platform/http/target.hpp"
#include "platform/ids.hpp"
#include "platform/service.hpp"
#include "services/cart/handlers/handlers.hpp"

namespace rapidtrade::cart::handlers {

Cart load_cart(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto claims = platform::auth::optional_bearer(request, ctx.tokens);
    const auto& id = request.param("id");
    auto cart = platform::is_cart_id(id) ? ctx.store.find(id) : std::nullopt;
    if (!cart || (cart->customer_id && (!claims || *cart->customer_id != claims->subject)))
        throw platform::NotFound(platform::Msg("api.cart.not_found", {{"id", id}}));
    return *cart;
}

Response priced_answer(Context& ctx, unsigned status, const std::string& id) {
    return platform::http::json_response(status, priced_cart(*ctx.store.find(id), ctx.catalog));
}

// POST /apis/carts/: a guest cart, or (with a Bearer token) the customer's cart, reused if any.
Response create_cart(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto claims = platform::auth::optional_bearer(request, ctx.tokens);
    ctx.abandoned.sweep();
    if (claims)
        if (auto existing = ctx.store.latest_of_customer(claims->subject)) return priced_answer(ctx, 200, existing->id);
    auto cart = ctx.store.create(claims ? std::optional<std::string>(claims->subject) : std::nullopt);
    ctx.metrics.counter("rapidtrade_carts_created_total", "Carts created").Increment();
    auto res = priced_answer(ctx, 201, cart.id);
    res.set(boost::beast::http::field::location, platform::http::Target{"apis", "carts", cart.id}.encoded());
    return res;
}

// The cart as load_cart() read it: no second read for a plain look-up (the checkout's, once per order).
Response get_cart(Context& ctx, const Request& request) {
    return platform::http::json_response(200, priced_cart(load_cart(ctx, request), ctx.catalog));
}

// Who may empty it is checked by the store's statements themselves, as load_cart() checks a read:
// another customer's cart, or a customer's cart for a guest, is not found, and stays as it was.
Response empty_cart(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto claims = platform::auth::optional_bearer(request, ctx.tokens);
    const auto& id = request.param("id");
    if (!platform::is_cart_id(id) ||
        !ctx.store.empty(id, claims ? std::optional<std::string>(claims->subject) : std::nullopt))
        throw platform::NotFound(platform::Msg("api.cart.not_found", {{"id", id}}));
    return platform::http::empty_response(204);
}

}  // namespace rapidtrade::cart::handlers
