-- The checkout service's SQL, written once for SQLite and PostgreSQL: $1, $2... are bound at run time,
-- never formatted in. Each "-- name:" becomes a constant of services/checkout/sql.hpp (tools/codegen), the
-- comment lines just above it its comment. A fragment (no SELECT, INSERT...) is one fixed piece the
-- store puts together with others; only such pieces and $n numbers ever go into the text.

-- Orders: the column list of kFindOrder and kOrdersOfCustomer is the one OrderStore reads back.
-- name: kInsertOrder
INSERT INTO orders (reference, customer_id, email, status, shipping_address, subtotal, discount, shipping,
    total, promo_code, promo_percent, shipping_service, charge_id, card_brand, card_last4, cart_id, created_at,
    confirmation_queued, search_text, language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
    $15, $16, $17, 0, $18, $19);

-- name: kInsertOrderLine
INSERT INTO order_lines (reference, position, product_id, name, unit_price, quantity, line_total)
    VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: kFindOrder
SELECT reference, customer_id, email, status, shipping_address, subtotal, discount, shipping, total, promo_code,
    promo_percent, shipping_service, charge_id, card_brand, card_last4, tracking_id, cart_id, created_at,
    carrier, carrier_tracking, shipped_at, delivered_at, cancelled_at, cancel_reason, refunded_at, stock_returned_at,
    language
    FROM orders WHERE reference = $1;

-- name: kOrdersOfCustomer
SELECT reference, customer_id, email, status, shipping_address, subtotal, discount, shipping, total, promo_code,
    promo_percent, shipping_service, charge_id, card_brand, card_last4, tracking_id, cart_id, created_at,
    carrier, carrier_tracking, shipped_at, delivered_at, cancelled_at, cancel_reason, refunded_at, stock_returned_at,
    language
    FROM orders WHERE customer_id = $1 ORDER BY created_at DESC, reference LIMIT $2 OFFSET $3;

-- name: kOrderLines
SELECT product_id, name, unit_price, quantity, line_total FROM order_lines WHERE reference = $1 ORDER BY position;

-- name: kCountOfCustomer
SELECT COUNT(*) FROM orders WHERE customer_id = $1;

-- Erasure of a customer's personal data (OrderStore::anonymise_customer): the orders stay, their
-- e-mail and address replaced; so does the copy of each order kept as its Idempotency-Key's answer,
-- found by its reference ($1: %"reference":"<13 digits>"%, digits only, no LIKE wildcard).
-- name: kShippingAddressesOfCustomer
SELECT reference, shipping_address FROM orders WHERE customer_id = $1 ORDER BY reference;

-- search_text emptied too: the old name and e-mail must not stay searchable (the staff's list).
-- name: kAnonymiseOrder
UPDATE orders SET email = $2, shipping_address = $3, search_text = '' WHERE reference = $1;

-- name: kOrderAnswersOf
SELECT idempotency_key, response_body FROM idempotency_keys WHERE response_status = 201 AND response_body LIKE $1;

-- name: kReplaceOrderAnswer
UPDATE idempotency_keys SET response_body = $2 WHERE idempotency_key = $1;

-- Every order, for the shop's staff: put together from the pieces below (fixed text and $n numbers
-- only; every value from the request is bound), like the catalogue's product list.
-- name: kCountOrders
SELECT COUNT(*) FROM orders;

-- {conditions} LIMIT ${n} OFFSET ${n+1}
-- name: kListOrders
SELECT reference, customer_id, email, status, shipping_address, subtotal, discount, shipping, total, promo_code,
    promo_percent, shipping_service, charge_id, card_brand, card_last4, tracking_id, cart_id, created_at,
    carrier, carrier_tracking, shipped_at, delivered_at, cancelled_at, cancel_reason, refunded_at, stock_returned_at,
    language
    FROM orders{} ORDER BY created_at DESC, reference LIMIT ${} OFFSET ${};

-- ${n}: a known status
-- name: kWithStatus
status = ${};

-- ${n}: a customer id
-- name: kWithCustomer
customer_id = ${};

-- ${n}: %word% (LIKE-escaped)
-- name: kMatchesWord
search_text LIKE ${} ESCAPE '\';

-- Orders placed before search_text existed (migration 3), filled at start-up.
-- name: kWithoutSearchText
SELECT reference, email, shipping_address FROM orders WHERE search_text = '' LIMIT $1;

-- name: kSetSearchText
UPDATE orders SET search_text = $2 WHERE reference = $1;

-- The staff's changes: each moves the order from the one status it may come from, or changes
-- nothing (then the caller answers 409).
-- name: kShip
UPDATE orders SET status = 'shipped', carrier = $2, carrier_tracking = $3, shipped_at = $4
    WHERE reference = $1 AND status = 'paid';

-- name: kDeliver
UPDATE orders SET status = 'delivered', delivered_at = $2 WHERE reference = $1 AND status = 'shipped';

-- name: kCancel
UPDATE orders SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3
    WHERE reference = $1 AND status = 'paid';

-- name: kRefunded
UPDATE orders SET refunded_at = $2 WHERE reference = $1 AND status = 'cancelled' AND refunded_at IS NULL;

-- name: kStockReturned
UPDATE orders SET stock_returned_at = $2
    WHERE reference = $1 AND status = 'cancelled' AND stock_returned_at IS NULL;

-- name: kStatusOf
SELECT status FROM orders WHERE reference = $1;

-- An order's history.
-- name: kInsertEvent
INSERT INTO order_events (reference, position, at, event, status, staff_id, staff_email, details)
    VALUES ($1, (SELECT COALESCE(MAX(position), -1) + 1 FROM order_events WHERE reference = $1), $2, $3, $4, $5,
    $6, $7);

-- name: kEventsOf
SELECT at, event, status, staff_id, staff_email, details FROM order_events WHERE reference = $1 ORDER BY position;

-- What a change still has to do outside this database (refund, stock, e-mail): see migration 3.
-- name: kAddTask
INSERT INTO order_tasks (reference, task, created_at) VALUES ($1, $2, $3);

-- name: kTasksOf
SELECT task FROM order_tasks WHERE reference = $1 ORDER BY task;

-- name: kEndTask
DELETE FROM order_tasks WHERE reference = $1 AND task = $2;

-- name: kOrdersWithTasks
SELECT reference FROM order_tasks GROUP BY reference ORDER BY MIN(created_at), reference LIMIT $1;

-- Follow-ups: the confirmation e-mail queued, the shipment's tracking id.
-- Placed before $1 only: the orders placed since are still in the drainers' queue. The condition is
-- the partial index's own (006_pending_followups_index.sql), so the index serves it.
-- name: kPendingFollowUps
SELECT reference FROM orders WHERE (confirmation_queued = 0 OR tracking_id IS NULL) AND created_at < $1
    ORDER BY created_at LIMIT $2;

-- name: kRecordConfirmationAndTracking
UPDATE orders SET confirmation_queued = 1, tracking_id = $2 WHERE reference = $1;

-- name: kRecordConfirmation
UPDATE orders SET confirmation_queued = 1 WHERE reference = $1;

-- name: kRecordTracking
UPDATE orders SET tracking_id = $2 WHERE reference = $1;

-- Order attempts (the saga's record of what may need undoing).
-- name: kBeginAttempt
INSERT INTO order_attempts (reference, started_at, idempotency_key) VALUES ($1, $2, $3);

-- name: kAttemptExists
SELECT 1 FROM order_attempts WHERE reference = $1;

-- name: kEndAttempt
DELETE FROM order_attempts WHERE reference = $1;

-- name: kAttemptsStartedBefore
SELECT reference, COALESCE(idempotency_key, '') FROM order_attempts WHERE started_at < $1
    ORDER BY started_at LIMIT $2;

-- Idempotency-Key records of POST /apis/orders/.
-- name: kBeginIdempotent
INSERT INTO idempotency_keys (idempotency_key, request_hash, status, created_at) VALUES ($1, $2, 'pending', $3);

-- name: kIdempotencyRecord
SELECT request_hash, status, COALESCE(response_status, 0), COALESCE(response_body, '')
    FROM idempotency_keys WHERE idempotency_key = $1;

-- name: kCompleteIdempotentWithOrder
UPDATE idempotency_keys SET status = 'done', response_status = 201, response_body = $2 WHERE idempotency_key = $1;

-- name: kFinishIdempotent
UPDATE idempotency_keys SET status = 'done', response_status = $2, response_body = $3 WHERE idempotency_key = $1;

-- A refusal in one language ($2: "fr", "en"), kept before kFinishIdempotent in its transaction, and
-- only while the key is still pending: one abandoned meanwhile (Saga::reconcile) keeps nothing, so
-- no answer outlives its key.
-- name: kKeepIdempotentAnswer
INSERT INTO idempotency_answers (idempotency_key, language, response_body)
    SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT)
    WHERE EXISTS (SELECT 1 FROM idempotency_keys WHERE idempotency_key = $1 AND status = 'pending');

-- The languages a kept refusal can be replayed in (none for an order, nor for a refusal kept before
-- migration 5).
-- name: kIdempotentAnswers
SELECT language, response_body FROM idempotency_answers WHERE idempotency_key = $1 ORDER BY language;

-- name: kAbandonIdempotent
DELETE FROM idempotency_keys WHERE idempotency_key = $1 AND status = 'pending';
