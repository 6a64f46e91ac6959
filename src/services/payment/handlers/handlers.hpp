#pragma once
// One function per endpoint of /apis/payments/. Every one needs the service API key: only the
// checkout charges and refunds.
#include <string>
#include <vector>

#include "platform/http/message.hpp"
#include "services/payment/store.hpp"

namespace rapidtrade::payment::handlers {

using platform::http::Request;
using platform::http::Response;

// What the handlers share, looked up once when the service starts.
struct Context {
    ChargeStore& store;
    std::vector<std::string> api_keys;
};

Response create_charge(Context& ctx, const Request& request);  // POST /apis/payments/charges (API key)
Response find_charges(Context& ctx, const Request& request);   // GET  /apis/payments/charges?idempotency_key= (API key)
Response get_charge(Context& ctx, const Request& request);     // GET  /apis/payments/charges/{id} (API key)
Response refund_charge(Context& ctx, const Request& request);  // POST /apis/payments/charges/{id}/refund (API key)

}  // namespace rapidtrade::payment::handlers
