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
