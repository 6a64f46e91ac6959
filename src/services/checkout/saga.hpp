#pragma once
// The checkout saga (docs/architecture.md): re-price the cart, check the promo code, quote the
// shipping, reserve the stock, charge the card, store the order; on failure, undo what was done
// (release the stock, refund the charge). Each attempt is on record (order_attempts) until it is
// an order or undone, so an undoing that cannot run at once (a service or the database down, the
// process killed) is finished later by reconcile(). Then, outside the answer's critical path: empty
// the cart, queue the confirmation e-mail, request the shipment (follow_up: run in the background
// right after the answer, and retried until done).
#include <chrono>
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
    // reconcile_after: how old an attempt must be before reconcile() undoes it; an attempt that
    // runs for half of it gives up instead of storing its order, so the two never race.
    Saga(OrderStore& store, platform::http::HttpClient& client, const platform::Upstreams& upstreams,
         std::chrono::milliseconds reconcile_after)
        : store_(store), client_(client), upstreams_(upstreams), reconcile_after_(reconcile_after) {}

    // Validates the body and places the order; throws HttpError (400, 402, 404, 422, 503).
    // `idempotency_key`: the request's (scoped) Idempotency-Key, or empty; the stored order
    // completes it, and the reconciliation of a failed attempt frees it for a retry.
    Order place(const boost::json::object& body, const std::optional<platform::auth::Claims>& customer,
                const std::string& authorization, const std::string& idempotency_key = "");
    // Confirmation e-mail and shipment for a stored order; safe to repeat (dedup key, idempotent
    // shipment). Returns true when nothing is left to do.
    bool follow_up(const Order& order);
    // The same for several orders, their outcomes recorded in one transaction. Returns true when
    // nothing is left to do for any of them.
    bool follow_up(const std::vector<Order>& orders);
    // Undoes up to `limit` attempts older than reconcile_after that never became orders: releases
    // their stock, refunds their charge (found by its Idempotency-Key). Those it cannot undo yet
    // stay for the next call. Returns how many were undone.
    int reconcile(int limit);

private:
    platform::http::Upstream up(const char* name) const { return upstreams_.get(name); }
    // Queues the e-mail and requests the shipment; `done` tells whether both are achieved.
    OrderStore::FollowUp request_follow_up(const Order& order, bool& done);
    static std::string charge_key(const std::string& reference) { return "order-" + reference; }
    static std::int64_t now_ms();
    // An order in another language than French: each line named as the catalogue names the product
    // in it (translations.<language>.name, what its shopper saw), the French name otherwise.
    void name_lines_in_language(Order& order);
    // Steps 5 to 7 (stock, payment, the order), undoing what was done when one fails.
    void commit(Order& order, const boost::json::value& card, const std::string& idempotency_key);
    // Each answers whether it is done (nothing left to undo).
    bool release_stock(const std::string& reference);
    bool refund(const std::string& charge_id);
    bool refund_attempt_charge(const std::string& reference);

    OrderStore& store_;
    platform::http::HttpClient& client_;
    const platform::Upstreams& upstreams_;
    std::chrono::milliseconds reconcile_after_;
};

// Rebuilds an upstream's problem+json answer as an error of ours (same status, detail, fields),
// with field names prefixed (e.g. "shipping_address.").
[[noreturn]] void forward_problem(const platform::http::ClientResponse& res, const std::string& field_prefix = "",
                                  const std::string& upstream_field = "", const std::string& our_field = "");

}  // namespace rapidtrade::checkout
