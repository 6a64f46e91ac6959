#pragma once
// The Idempotency-Key of POST /apis/orders/: a retry with the same key and the same body gets the
// first answer again (with Idempotent-Replayed: true), never a second order or charge. The same key
// with another body, or while the first request is still being placed, is a 409. Keys are scoped to
// who asks (a customer, or every guest together), so nobody replays someone else's answer. A final
// answer (the 201, or a 4xx refusal) is kept; a transient failure (5xx, or anything unexpected)
// frees the key, so that a retry may try again. The 201 is replayed byte for byte; a refusal in the
// retry's language (kept_refusal.hpp).
#include <functional>
#include <string>

#include <boost/json/object.hpp>

#include "platform/http/message.hpp"
#include "services/checkout/store.hpp"

namespace rapidtrade::checkout {

class Idempotency {
public:
    // Places the order and answers it; gets the scoped key for the records it writes with the
    // order (OrderStore::insert), or "" when the request has no Idempotency-Key.
    using Place = std::function<platform::http::Response(const std::string& scoped_key)>;

    explicit Idempotency(OrderStore& store) : store_(store) {}

    // `scope`: the customer's id, or "guest". 400 for a malformed Idempotency-Key.
    platform::http::Response answer_once(const platform::http::Request& request, const std::string& scope,
                                         const boost::json::object& body, const Place& place);

private:
    OrderStore& store_;
};

}  // namespace rapidtrade::checkout
