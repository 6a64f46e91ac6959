#pragma once
#include "platform/http/message.hpp"
#include "services/payment/store.hpp"

namespace rapidtrade::payment::handlers {

using platform::http::Request;
using platform::http::Response;

Response create_charge(ChargeStore& store, const Request& request);  // POST /apis/payments/charges
Response get_charge(ChargeStore& store, const Request& request);     // GET  /apis/payments/charges/{id}
Response find_charges(ChargeStore& store, const Request& request);   // GET  /apis/payments/charges?idempotency_key=
Response refund_charge(ChargeStore& store, const Request& request);  // POST /apis/payments/charges/{id}/refund

}  // namespace rapidtrade::payment::handlers
