#include "services/checkout/migrations.hpp"

#include <array>

namespace rapidtrade::checkout {
namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE orders (
    reference TEXT PRIMARY KEY,
    customer_id TEXT,
    email TEXT NOT NULL,
    status TEXT NOT NULL,
    shipping_address TEXT NOT NULL,
    subtotal BIGINT NOT NULL,
    discount BIGINT NOT NULL,
    shipping BIGINT NOT NULL,
    total BIGINT NOT NULL,
    promo_code TEXT,
    promo_percent BIGINT NOT NULL DEFAULT 0,
    shipping_service TEXT NOT NULL,
    charge_id TEXT NOT NULL,
    card_brand TEXT NOT NULL,
    card_last4 TEXT NOT NULL,
    tracking_id TEXT,
    cart_id TEXT NOT NULL,
    confirmation_queued BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX orders_by_customer ON orders (customer_id, created_at);
CREATE INDEX orders_followups ON orders (confirmation_queued, tracking_id);
CREATE TABLE order_lines (
    reference TEXT NOT NULL REFERENCES orders(reference) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    product_id TEXT NOT NULL,
    name TEXT NOT NULL,
    unit_price BIGINT NOT NULL,
    quantity BIGINT NOT NULL,
    line_total BIGINT NOT NULL,
    PRIMARY KEY (reference, position)
);
CREATE TABLE idempotency_keys (
    idempotency_key TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    response_status BIGINT,
    response_body TEXT,
    created_at BIGINT NOT NULL
);
)sql";
// The attempts of the saga in progress (OrderStore::begin_attempt): what is left of one after a
// failure is undone by Saga::reconcile.
constexpr std::string_view kV2 = R"sql(
CREATE TABLE order_attempts (
    reference TEXT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    idempotency_key TEXT
);
CREATE INDEX order_attempts_by_age ON order_attempts (started_at);
)sql";
// The back-office (issue 15): a paid order is `paid` (it was `confirmed`), then `shipped` and
// `delivered`, or `cancelled` (refunded, stock given back). Every change is an event (who, when);
// the placing is the first. order_tasks holds what a change still has to do outside this database
// (refund, stock, e-mail), written in the change's own transaction and deleted once done, so a
// crash or an outage in between leaves it on record for the follow-up thread. search_text: the
// reference, e-mail and name normalised (platform::normalize_for_search), filled for the orders
// placed before this version by OrderStore::fill_search_text at start-up.
constexpr std::string_view kV3 = R"sql(
UPDATE orders SET status = 'paid' WHERE status = 'confirmed';
ALTER TABLE orders ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN carrier TEXT;
ALTER TABLE orders ADD COLUMN carrier_tracking TEXT;
ALTER TABLE orders ADD COLUMN shipped_at TEXT;
ALTER TABLE orders ADD COLUMN delivered_at TEXT;
ALTER TABLE orders ADD COLUMN cancelled_at TEXT;
ALTER TABLE orders ADD COLUMN cancel_reason TEXT;
ALTER TABLE orders ADD COLUMN refunded_at TEXT;
ALTER TABLE orders ADD COLUMN stock_returned_at TEXT;
CREATE INDEX orders_by_date ON orders (created_at);
CREATE INDEX orders_by_status ON orders (status, created_at);
CREATE TABLE order_events (
    reference TEXT NOT NULL REFERENCES orders(reference) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    status TEXT NOT NULL,
    staff_id TEXT,
    staff_email TEXT,
    details TEXT NOT NULL,
    PRIMARY KEY (reference, position)
);
INSERT INTO order_events (reference, position, at, event, status, details)
    SELECT reference, 0, created_at, 'placed', status, '{}' FROM orders;
CREATE TABLE order_tasks (
    reference TEXT NOT NULL REFERENCES orders(reference) ON DELETE CASCADE,
    task TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (reference, task)
);
)sql";
constexpr std::array<platform::db::Migration, 3> kMigrations{{
    {1, "orders", kV1, {}},
    {2, "order attempts", kV2, {}},
    {3, "order management", kV3, {}},
}};

}  // namespace

std::span<const platform::db::Migration> migrations() { return kMigrations; }

}  // namespace rapidtrade::checkout
