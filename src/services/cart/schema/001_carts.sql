CREATE TABLE carts (
    id TEXT PRIMARY KEY,
    customer_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX carts_by_customer ON carts (customer_id, updated_at);
CREATE INDEX carts_by_age ON carts (updated_at);
CREATE TABLE cart_lines (
    cart_id TEXT NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
    product_id TEXT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    added_at TEXT NOT NULL,
    PRIMARY KEY (cart_id, product_id)
);
