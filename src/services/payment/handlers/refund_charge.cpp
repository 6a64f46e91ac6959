#include "platform/errors.hpp"
#include "platform/log.hpp"
#include "platform/service.hpp"
#include "services/payment/handlers/handlers.hpp"

namespace rapidtrade::payment::handlers {

// POST /apis/payments/charges/{id}/refund: idempotent; a failed charge has nothing to refund (422).
Response refund_charge(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto c = ctx.store.refund(request.param("id"));
    if (!c) throw platform::NotFound(platform::Msg("api.charge.not_found", {{"id", request.param("id")}}));
    if (c->status == "failed") throw platform::Unprocessable(platform::Msg("api.charge.nothing_to_refund"));
    platform::log::info("refund", {{"charge_id", c->id}, {"amount", c->amount}});
    return platform::http::json_response(200, to_json(*c));
}

}  // namespace rapidtrade::payment::handlers
