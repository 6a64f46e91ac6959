#include "platform/clock.hpp"
#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/service.hpp"
#include "platform/validation.hpp"
#include "services/shipping/handlers/handlers.hpp"

namespace rapidtrade::shipping::handlers {

// POST /apis/shipping/shipments {order_reference, address}: one shipment per order (idempotent).
Response create_shipment(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    auto reference = platform::read_text(body, "order_reference", 1, 64, true, errors);
    platform::throw_if_any(errors);
    auto [address, rate] = priced_address(ctx, body);
    // Inserted first, looked up only when the order already has one (a retry): one statement,
    // not two, for the common case.
    try {
        auto created = ctx.store.create({"RT" + platform::random_id(12) + address.country, *reference,
                                         ShippingRules::kService, address.country, rate.cost_cents, {},
                                         platform::now_iso()});
        return platform::http::json_response(201, to_json(created));
    } catch (const platform::db::ConstraintViolation&) {
        // The order has its shipment already (a retry, or one racing this): answer with that one.
        if (auto existing = ctx.store.of_order(*reference)) return platform::http::json_response(200, to_json(*existing));
        throw;
    }
}

// GET /apis/shipping/shipments/{tracking_id}
Response get_shipment(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto shipment = ctx.store.find(request.param("tracking_id"));
    if (!shipment) throw platform::NotFound(platform::Msg("api.shipment.not_found", {{"id", request.param("tracking_id")}}));
    return platform::http::json_response(200, to_json(*shipment));
}

}  // namespace rapidtrade::shipping::handlers
