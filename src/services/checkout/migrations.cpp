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
constexpr std::array<platform::db::Migration, 2> kMigrations{{
    {1, "orders", kV1, {}},
    {2, "order attempts", kV2, {}},
}};

}  // namespace

std::span<const platform::db::Migration> migrations() { return kMigrations; }

}  // namespace rapidtrade::checkout
