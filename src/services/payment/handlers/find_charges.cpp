#include "platform/errors.hpp"
#include "platform/service.hpp"
#include "services/payment/handlers/handlers.hpp"

namespace rapidtrade::payment::handlers {

// GET /apis/payments/charges?idempotency_key=KEY: the charge made with that key, if any (0 or 1
// item). How the checkout finds a charge whose answer it never got (a timeout, a crash) to refund it.
Response find_charges(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto key = request.query_param("idempotency_key");
    if (!key || key->empty()) throw platform::BadRequest("idempotency_key", platform::Msg("api.field.required"));
    if (key->size() > 128) throw platform::BadRequest("idempotency_key", platform::Msg("api.field.max_chars", {{"max", "128"}}));
    boost::json::array items;
    if (auto c = ctx.store.by_key(std::string(*key))) items.push_back(to_json(*c));
    return platform::http::json_response(200, {{"items", std::move(items)}});
}

// GET /apis/payments/charges/{id}
Response get_charge(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto c = ctx.store.find(request.param("id"));
    if (!c) throw platform::NotFound(platform::Msg("api.charge.not_found", {{"id", request.param("id")}}));
    return platform::http::json_response(200, to_json(*c));
}

}  // namespace rapidtrade::payment::handlers
