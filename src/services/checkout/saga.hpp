#pragma once
// The checkout saga (docs/architecture.md): re-price the cart, check the promo code, quote the
// shipping, reserve the stock, charge the card, store the order; on failure, undo what was done
// (release the stock, refund the charge). Then, outside the answer's critical path: empty the cart,
// queue the confirmation e-mail, request the shipment (follow_up: run in the background right
// after the answer, and retried until done).
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "platform/auth/jwt.hpp"
#include "platform/http/client.hpp"
#include "platform/upstreams.hpp"
#include "services/checkout/store.hpp"

namespace rapidtrade::checkout {

class Saga {
public:
    Saga(OrderStore& store, platform::http::HttpClient& client, const platform::Upstreams& upstreams)
        : store_(store), client_(client), upstreams_(upstreams) {}

    // Validates the body and places the order; throws HttpError (400, 402, 404, 422, 503).
    Order place(const boost::json::object& body, const std::optional<platform::auth::Claims>& customer,
                const std::string& authorization);
    // Confirmation e-mail and shipment for a stored order; safe to repeat (dedup key, idempotent
    // shipment). Returns true when nothing is left to do.
    bool follow_up(const Order& order);

private:
    platform::http::Upstream up(const char* name) const { return upstreams_.get(name); }
    void release_stock(const std::string& reference);
    void refund(const std::string& charge_id);

    OrderStore& store_;
    platform::http::HttpClient& client_;
    const platform::Upstreams& upstreams_;
};

// Rebuilds an upstream's problem+json answer as an error of ours (same status, detail, fields),
// with field names prefixed (e.g. "shipping_address.").
[[noreturn]] void forward_problem(const platform::http::ClientResponse& res, const std::string& field_prefix = "",
                                  const std::string& upstream_field = "", const std::string& our_field = "");

}  // namespace rapidtrade::checkout
