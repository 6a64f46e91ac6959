CREATE TABLE shipments (
    tracking_id TEXT PRIMARY KEY,
    order_reference TEXT NOT NULL UNIQUE,
    service TEXT NOT NULL,
    country TEXT NOT NULL,
    cost_cents BIGINT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL
);
