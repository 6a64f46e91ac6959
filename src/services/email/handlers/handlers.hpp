#pragma once
// One function per endpoint of /apis/emails/.
#include <string>
#include <vector>

#include "platform/auth/token_verifier.hpp"
#include "platform/http/message.hpp"
#include "platform/metrics.hpp"
#include "services/email/dispatcher.hpp"
#include "services/email/outbox.hpp"

namespace rapidtrade::email::handlers {

using platform::http::Request;
using platform::http::Response;

struct Context {
    Outbox& outbox;
    Dispatcher& dispatcher;
    std::vector<std::string> api_keys;
    platform::auth::TokenVerifier& tokens;
    std::string from;  // EMAIL_FROM, the sender of every message
    platform::Metrics& metrics;
};

Response enqueue(Context& ctx, const Request& request);        // POST /apis/emails/ (API key)
Response list_messages(Context& ctx, const Request& request);  // GET  /apis/emails/ (API key; Bearer)
Response get_message(Context& ctx, const Request& request);    // GET  /apis/emails/{id} (API key; Bearer)
// DELETE /apis/emails/customers/{customer_id}/personal-data (API key): RGPD erasure of the mail sent for them
Response anonymise_customer_messages(Context& ctx, const Request& request);

}  // namespace rapidtrade::email::handlers
