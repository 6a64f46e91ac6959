#include <algorithm>

#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/validation.hpp"
#include "services/cart/handlers/handlers.hpp"

namespace rapidtrade::cart::handlers {
namespace {

std::int64_t read_quantity(const boost::json::object& body, std::int64_t min) {
    const auto* q = body.if_contains("quantity");
    platform::Msg range("api.field.integer_range", {{"min", std::to_string(min)}, {"max", std::to_string(kMaxQuantity)}});
    if (q == nullptr) throw platform::BadRequest("quantity", platform::Msg("api.field.required"));
    if (!q->is_int64() || q->as_int64() < min || q->as_int64() > kMaxQuantity) throw platform::BadRequest("quantity", range);
    return q->as_int64();
}

// The quantity a line may hold: at most 99, and never more than the stock. The problem's
// `reason` says which rule refused it, in every language (the shop's cart page reads it).
void check_available(const CatalogProduct& p, std::int64_t quantity) {
    auto refuse = [](const char* reason, platform::Msg message) {
        platform::Unprocessable e("quantity", std::move(message));
        e.extensions.emplace_back("reason", reason);
        return e;
    };
    if (quantity > kMaxQuantity)
        throw refuse("cart_limit", platform::Msg("api.cart.line_limit", {{"max", std::to_string(kMaxQuantity)}}));
    if (quantity > p.stock)
        throw p.stock == 0 ? refuse("out_of_stock", platform::Msg("api.stock.out", {{"name", p.name}}))
                           : refuse("insufficient_stock", platform::Msg("api.stock.only", {{"stock", std::to_string(p.stock)},
                                                                                          {"name", p.name}}));
}

CatalogProduct product_or_404(Context& ctx, const std::string& id) {
    auto p = ctx.catalog.product(id);
    if (!p)
        throw platform::NotFound(platform::Msg("api.product.not_found", {{"id", id}}), "product_id",
                                 platform::Msg("api.product.unknown"));
    return *p;
}

}  // namespace

// POST /apis/carts/{id}/lines {product_id, quantity}: adds to the line of that product.
Response add_line(Context& ctx, const Request& request) {
    auto cart = load_cart(ctx, request);
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    platform::reject_unknown_fields(body, {"product_id", "quantity"}, errors);
    auto product_id = platform::read_text(body, "product_id", 1, 32, true, errors);
    if (product_id && !platform::is_product_id(*product_id)) errors.push_back({"product_id", platform::Msg("api.product.not_an_id")});
    platform::throw_if_any(errors);
    auto quantity = read_quantity(body, 1);
    auto product = product_or_404(ctx, *product_id);
    std::int64_t current = 0;
    for (const auto& l : cart.lines)
        if (l.product_id == *product_id) current = l.quantity;
    check_available(product, current + quantity);
    ctx.store.set_quantity(cart.id, *product_id, current + quantity);
    return priced_answer(ctx, 200, cart.id);
}

// PATCH /apis/carts/{id}/lines/{product_id} {quantity}: 0 removes the line.
Response set_line(Context& ctx, const Request& request) {
    auto cart = load_cart(ctx, request);
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    platform::reject_unknown_fields(body, {"quantity"}, errors);
    platform::throw_if_any(errors);
    auto quantity = read_quantity(body, 0);
    const auto& product_id = request.param("product_id");
    bool present = std::any_of(cart.lines.begin(), cart.lines.end(), [&](const Line& l) { return l.product_id == product_id; });
    if (!present) throw platform::NotFound(platform::Msg("api.cart.no_line", {{"id", product_id}}));
    if (quantity > 0) check_available(product_or_404(ctx, product_id), quantity);
    ctx.store.set_quantity(cart.id, product_id, quantity);
    return priced_answer(ctx, 200, cart.id);
}

Response remove_line(Context& ctx, const Request& request) {
    auto cart = load_cart(ctx, request);
    const auto& product_id = request.param("product_id");
    if (!platform::is_product_id(product_id)) throw platform::NotFound(platform::Msg("api.cart.no_line", {{"id", product_id}}));
    ctx.store.set_quantity(cart.id, product_id, 0);
    return priced_answer(ctx, 200, cart.id);
}

}  // namespace rapidtrade::cart::handlers
