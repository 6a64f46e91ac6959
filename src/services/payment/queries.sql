-- The payment service's SQL, written once for SQLite and PostgreSQL: $1, $2... are bound at run time,
-- never formatted in. Each "-- name:" becomes a constant of services/payment/sql.hpp (tools/codegen), the
-- comment lines just above it its comment. A fragment (no SELECT, INSERT...) is one fixed piece the
-- store puts together with others; only such pieces and $n numbers ever go into the text.

-- name: kInsertCharge
INSERT INTO charges (id, idempotency_key, amount, currency, brand, last4, status, failure_reason,
    description, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);

-- name: kChargeByKey
SELECT id, amount, currency, brand, last4, status, failure_reason, created_at FROM charges
    WHERE idempotency_key = $1;

-- name: kFindCharge
SELECT id, amount, currency, brand, last4, status, failure_reason, created_at FROM charges WHERE id = $1;

-- name: kRefundCharge
UPDATE charges SET status = 'refunded', refunded_at = $2 WHERE id = $1 AND status = 'succeeded';
