-- The attempts of the saga in progress (OrderStore::begin_attempt): what is left of one after a
-- failure is undone by Saga::reconcile.
CREATE TABLE order_attempts (
    reference TEXT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    idempotency_key TEXT
);
CREATE INDEX order_attempts_by_age ON order_attempts (started_at);
