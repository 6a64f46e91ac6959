-- Only what may be kept about a card: brand and last 4 digits. Never the number or the CVV.
CREATE TABLE charges (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT UNIQUE,
    amount BIGINT NOT NULL CHECK (amount > 0),
    currency TEXT NOT NULL,
    brand TEXT NOT NULL,
    last4 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('succeeded', 'failed', 'refunded')),
    failure_reason TEXT,
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    refunded_at TEXT
);
