#include "services/checkout/store.hpp"

#include <chrono>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace rapidtrade::checkout {

using platform::db::Connection;
using platform::db::Row;

namespace {

constexpr std::string_view kOrderColumns =
    "reference, customer_id, email, status, shipping_address, subtotal, discount, shipping, total, promo_code,"
    " promo_percent, shipping_service, charge_id, card_brand, card_last4, tracking_id, cart_id, created_at";

Order order_from(const Row& r) {
    Order o;
    o.reference = r.str(0);
    o.customer_id = r.opt_str(1);
    o.email = r.str(2);
    o.status = r.str(3);
    std::vector<platform::FieldError> ignored;
    o.shipping_address = platform::address_from_json(boost::json::parse(r.str(4)), "", ignored);
    o.subtotal = r.i64(5);
    o.discount = r.i64(6);
    o.shipping = r.i64(7);
    o.total = r.i64(8);
    o.promo_code = r.opt_str(9);
    o.promo_percent = r.i64(10);
    o.shipping_service = r.str(11);
    o.charge_id = r.str(12);
    o.card_brand = r.str(13);
    o.card_last4 = r.str(14);
    o.tracking_id = r.opt_str(15);
    o.cart_id = r.str(16);
    o.created_at = r.str(17);
    return o;
}

void load_lines(Connection& c, Order& o) {
    for (const auto& r : c.query("SELECT product_id, name, unit_price, quantity, line_total FROM order_lines"
                                 " WHERE reference = $1 ORDER BY position", o.reference).rows)
        o.lines.push_back({r.str(0), r.str(1), r.i64(2), r.i64(3), r.i64(4)});
}

std::int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

void OrderStore::insert(const Order& o, const std::string& idempotency_key) {
    db_.transaction([&](Connection& c) {
        c.query("INSERT INTO orders (reference, customer_id, email, status, shipping_address, subtotal, discount, shipping,"
                " total, promo_code, promo_percent, shipping_service, charge_id, card_brand, card_last4, cart_id, created_at,"
                " confirmation_queued) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 0)",
                o.reference, o.customer_id, o.email, o.status, boost::json::serialize(platform::to_json(o.shipping_address)),
                o.subtotal, o.discount, o.shipping, o.total, o.promo_code, o.promo_percent, o.shipping_service, o.charge_id,
                o.card_brand, o.card_last4, o.cart_id, o.created_at);
        for (std::size_t i = 0; i < o.lines.size(); ++i) {
            const auto& l = o.lines[i];
            c.query("INSERT INTO order_lines (reference, position, product_id, name, unit_price, quantity, line_total)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    o.reference, static_cast<std::int64_t>(i), l.product_id, l.name, l.unit_price, l.quantity, l.line_total);
        }
        c.query("DELETE FROM order_attempts WHERE reference = $1", o.reference);
        if (!idempotency_key.empty())
            c.query("UPDATE idempotency_keys SET status = 'done', response_status = 201, response_body = $2"
                    " WHERE idempotency_key = $1",
                    idempotency_key, boost::json::serialize(to_json(o)));
    });
}

void OrderStore::begin_attempt(const std::string& reference, std::int64_t started_ms, const std::string& idempotency_key) {
    db_.query("INSERT INTO order_attempts (reference, started_at, idempotency_key) VALUES ($1, $2, $3)", reference,
              started_ms, idempotency_key.empty() ? std::optional<std::string>() : std::optional<std::string>(idempotency_key));
}

bool OrderStore::attempt_exists(const std::string& reference) {
    return !db_.query("SELECT 1 FROM order_attempts WHERE reference = $1", reference).empty();
}

void OrderStore::end_attempt(const std::string& reference) {
    db_.query("DELETE FROM order_attempts WHERE reference = $1", reference);
}

std::vector<OrderAttempt> OrderStore::attempts_started_before(std::int64_t started_ms, int limit) {
    std::vector<OrderAttempt> out;
    for (const auto& r : db_.query("SELECT reference, COALESCE(idempotency_key, '') FROM order_attempts"
                                   " WHERE started_at < $1 ORDER BY started_at LIMIT $2",
                                   started_ms, limit).rows)
        out.push_back({r.str(0), r.str(1)});
    return out;
}

std::optional<Order> OrderStore::find(const std::string& reference) {
    auto conn = db_.acquire();
    auto rows = conn->query(std::string("SELECT ") + std::string(kOrderColumns) + " FROM orders WHERE reference = $1",
                            reference);
    if (rows.empty()) return std::nullopt;
    auto o = order_from(rows[0]);
    load_lines(*conn, o);
    return o;
}

std::vector<Order> OrderStore::of_customer(const std::string& customer_id, int limit, std::int64_t offset) {
    auto conn = db_.acquire();
    std::vector<Order> out;
    for (const auto& r : conn->query(std::string("SELECT ") + std::string(kOrderColumns) +
                                         " FROM orders WHERE customer_id = $1 ORDER BY created_at DESC, reference"
                                         " LIMIT $2 OFFSET $3",
                                     customer_id, limit, offset).rows) {
        out.push_back(order_from(r));
        load_lines(*conn, out.back());
    }
    return out;
}

std::int64_t OrderStore::count_of_customer(const std::string& customer_id) {
    return db_.query("SELECT COUNT(*) FROM orders WHERE customer_id = $1", customer_id)[0].i64(0);
}

std::vector<std::string> OrderStore::pending_followups(int limit) {
    std::vector<std::string> out;
    for (const auto& r : db_.query("SELECT reference FROM orders WHERE confirmation_queued = 0 OR tracking_id IS NULL"
                                   " ORDER BY created_at LIMIT $1", limit).rows)
        out.push_back(r.str(0));
    return out;
}

namespace {

void record_one(Connection& c, const OrderStore::FollowUp& f) {
    if (f.confirmation_queued && f.tracking_id)
        c.query("UPDATE orders SET confirmation_queued = 1, tracking_id = $2 WHERE reference = $1", f.reference,
                *f.tracking_id);
    else if (f.confirmation_queued)
        c.query("UPDATE orders SET confirmation_queued = 1 WHERE reference = $1", f.reference);
    else if (f.tracking_id)
        c.query("UPDATE orders SET tracking_id = $2 WHERE reference = $1", f.reference, *f.tracking_id);
}

}  // namespace

void OrderStore::record_follow_ups(const std::vector<FollowUp>& done) {
    if (done.empty()) return;
    // One alone is one statement, committed by itself: BEGIN and COMMIT would only add two.
    if (done.size() == 1) {
        record_one(*db_.acquire(), done.front());
        return;
    }
    db_.transaction([&](Connection& c) {
        for (const auto& f : done) record_one(c, f);
    });
}

std::optional<IdempotencyRecord> OrderStore::begin_idempotent(const std::string& key, const std::string& hash) {
    try {
        db_.query("INSERT INTO idempotency_keys (idempotency_key, request_hash, status, created_at) VALUES ($1, $2, 'pending', $3)",
                  key, hash, now_s());
        return std::nullopt;
    } catch (const platform::db::ConstraintViolation&) {
        auto r = db_.query("SELECT request_hash, status, COALESCE(response_status, 0), COALESCE(response_body, '')"
                           " FROM idempotency_keys WHERE idempotency_key = $1", key);
        if (r.empty()) return begin_idempotent(key, hash);  // abandoned meanwhile: take it
        return IdempotencyRecord{r[0].str(0), r[0].str(1), static_cast<unsigned>(r[0].i64(2)), r[0].str(3)};
    }
}

void OrderStore::finish_idempotent(const std::string& key, unsigned status, const std::string& body) {
    db_.query("UPDATE idempotency_keys SET status = 'done', response_status = $2, response_body = $3 WHERE idempotency_key = $1",
              key, static_cast<std::int64_t>(status), body);
}

void OrderStore::abandon_idempotent(const std::string& key) {
    db_.query("DELETE FROM idempotency_keys WHERE idempotency_key = $1 AND status = 'pending'", key);
}

}  // namespace rapidtrade::checkout
