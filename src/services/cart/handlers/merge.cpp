#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/validation.hpp"
#include "services/cart/handlers/handlers.hpp"

namespace rapidtrade::cart::handlers {

// POST /apis/carts/{id}/merge {from_cart_id}: the guest cart joins the customer's at log-in, and is
// deleted (the web shop keeps only the customer's cart id in the session from then on).
Response merge_carts(Context& ctx, const Request& request) {
    auto cart = load_cart(ctx, request);
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    auto from = platform::read_text(body, "from_cart_id", 1, 64, true, errors);
    if (from && !platform::is_cart_id(*from)) errors.push_back({"from_cart_id", platform::Msg("api.cart.not_an_id")});
    platform::throw_if_any(errors);
    auto source = ctx.store.find(*from);
    if (!source)
        throw platform::NotFound(platform::Msg("api.cart.not_found", {{"id", *from}}), "from_cart_id",
                                 platform::Msg("api.cart.unknown"));
    if (source->customer_id && source->customer_id != cart.customer_id)
        throw platform::NotFound(platform::Msg("api.cart.not_found", {{"id", *from}}), "from_cart_id",
                                 platform::Msg("api.cart.unknown"));
    ctx.store.merge(cart.id, source->id, kMaxQuantity);
    return priced_answer(ctx, 200, cart.id);
}

}  // namespace rapidtrade::cart::handlers
