#include "platform/errors.hpp"
#include "platform/service.hpp"
#include "platform/validation.hpp"
#include "services/shipping/handlers/handlers.hpp"

namespace rapidtrade::shipping::handlers {

std::pair<platform::Address, Rate> priced_address(Context& ctx, const boost::json::object& body) {
    std::vector<platform::FieldError> errors;
    platform::Address address;
    if (const auto* a = body.if_contains("address")) address = platform::address_from_json(*a, "address", errors);
    else errors.push_back({"address", platform::Msg("api.field.required")});
    platform::throw_if_any(errors);
    auto rate = ctx.rules.rate_for(address.country);
    if (!rate) throw platform::Unprocessable("address.country", platform::Msg("api.shipping.no_delivery", {{"country", address.country}}));
    return {address, *rate};
}

// POST /apis/shipping/quote {address, lines?}
Response quote(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto body = request.json_object();
    auto [address, rate] = priced_address(ctx, body);
    return platform::http::json_response(200, to_json(Quote{address.country, rate}));
}

}  // namespace rapidtrade::shipping::handlers
