#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/service.hpp"
#include "platform/validation.hpp"
#include "services/catalog/handlers/handlers.hpp"

namespace rapidtrade::catalog::handlers {
namespace {

Response reserve(Context& ctx, const Request& request) {
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    platform::reject_unknown_fields(body, {"reservation_id", "lines"}, errors);
    auto id = platform::read_text(body, "reservation_id", 1, 64, true, errors);
    std::vector<ReservationLine> lines;
    const auto* list = body.if_contains("lines");
    if (list == nullptr || !list->is_array() || list->as_array().empty() || list->as_array().size() > 100) {
        errors.push_back({"lines", platform::Msg("api.reservation.lines")});
    } else {
        for (std::size_t i = 0; i < list->as_array().size(); ++i) {
            const auto& l = list->as_array()[i];
            std::string at = "lines[" + std::to_string(i) + "]";
            const auto* pid = l.is_object() ? l.as_object().if_contains("product_id") : nullptr;
            const auto* qty = l.is_object() ? l.as_object().if_contains("quantity") : nullptr;
            if (pid == nullptr || !pid->is_string() || !platform::is_product_id(pid->as_string()))
                errors.push_back({at + ".product_id", platform::Msg("api.product.id_expected")});
            else if (qty == nullptr || !qty->is_int64() || qty->as_int64() < 1 || qty->as_int64() > 1000)
                errors.push_back({at + ".quantity", platform::Msg("api.field.integer_range", {{"min", "1"}, {"max", "1000"}})});
            else
                lines.push_back({std::string(pid->as_string()), qty->as_int64()});
        }
    }
    platform::throw_if_any(errors);
    ctx.store.reserve(*id, std::move(lines));
    return platform::http::json_response(201, {{"reservation_id", *id}, {"status", "reserved"}});
}

}  // namespace

// POST /apis/products/reservations {reservation_id, lines: [{product_id, quantity}]} (API key):
// the checkout's atomic stock decrement. 201, or 422 naming the line that lacks stock.
Response reserve_stock(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    try {
        return reserve(ctx, request);
    } catch (const platform::Unprocessable&) {
        ctx.stock_outs.Increment();  // an order asked for more than the stock
        throw;
    }
}

// DELETE /apis/products/reservations/{id} (API key): the stock comes back. 204 (also when already
// released: compensation may be retried).
Response release_stock(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    ctx.store.release(request.param("id"));
    return platform::http::empty_response(204);
}

}  // namespace rapidtrade::catalog::handlers
