#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "platform/service.hpp"
#include "services/email/handlers/handlers.hpp"

namespace rapidtrade::email::handlers {

// DELETE /apis/emails/customers/{customer_id}/personal-data (API key): a step of a customer's
// erasure, asked by the customers service until it is confirmed. The messages sent for the customer
// keep only that they were sent, when, and their dedup key; mail merely addressed to their e-mail is
// not theirs to erase (anyone may sign up with a guest's address). Idempotent: 204 every time.
Response anonymise_customer_messages(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    const auto& customer = request.param("customer_id");
    if (!platform::is_customer_id(customer)) throw platform::NotFound(platform::Msg("api.customer.not_found", {{"id", customer}}));
    auto messages = ctx.outbox.anonymise_customer(customer);
    platform::log::info("customer_messages_anonymised", {{"customer_id", customer}, {"messages", messages}});
    return platform::http::empty_response(204);
}

}  // namespace rapidtrade::email::handlers
