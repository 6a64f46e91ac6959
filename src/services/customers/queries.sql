-- The customers service's SQL, written once for SQLite and PostgreSQL: $1, $2... are bound at run time,
-- never formatted in. Each "-- name:" becomes a constant of services/customers/sql.hpp (tools/codegen), the
-- comment lines just above it its comment. A fragment (no SELECT, INSERT...) is one fixed piece the
-- store puts together with others; only such pieces and $n numbers ever go into the text.

-- name: kInsertCustomer
INSERT INTO customers (id, email, first_name, last_name, created_at, updated_at, language) VALUES ($1, $2, $3, $4, $5, $5, $6);

-- name: kFindCustomer
SELECT id, email, first_name, last_name, created_at, language FROM customers WHERE id = $1;

-- The names and the language ("fr" or "en", checked by the handler and by the table).
-- name: kUpdateProfile
UPDATE customers SET first_name = $2, last_name = $3, language = $4, updated_at = $5 WHERE id = $1;

-- name: kDeleteCustomer
DELETE FROM customers WHERE id = $1;

-- name: kListCustomers
SELECT id, email, first_name, last_name, created_at, language FROM customers ORDER BY created_at, id LIMIT $1 OFFSET $2;

-- name: kCountCustomers
SELECT COUNT(*) FROM customers;

-- Staff search ($1: %text% in lower case, LIKE-escaped): the e-mail, or the name either way round.
-- name: kSearchCustomers
SELECT id, email, first_name, last_name, created_at, language FROM customers
    WHERE lower(email) LIKE $1 ESCAPE '\' OR lower(first_name || ' ' || last_name) LIKE $1 ESCAPE '\'
    OR lower(last_name || ' ' || first_name) LIKE $1 ESCAPE '\' ORDER BY created_at, id LIMIT $2 OFFSET $3;

-- name: kCountMatching
SELECT COUNT(*) FROM customers
    WHERE lower(email) LIKE $1 ESCAPE '\' OR lower(first_name || ' ' || last_name) LIKE $1 ESCAPE '\'
    OR lower(last_name || ' ' || first_name) LIKE $1 ESCAPE '\';

-- name: kAddresses
SELECT id, full_name, street, city, postal_code, country FROM addresses WHERE customer_id = $1
    ORDER BY created_at, id;

-- name: kAddress
SELECT id, full_name, street, city, postal_code, country FROM addresses WHERE customer_id = $1 AND id = $2;

-- name: kCountAddresses
SELECT COUNT(*) FROM addresses WHERE customer_id = $1;

-- name: kInsertAddress
INSERT INTO addresses (id, customer_id, full_name, street, city, postal_code, country, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8);

-- name: kReplaceAddress
UPDATE addresses SET full_name = $3, street = $4, city = $5, postal_code = $6, country = $7
    WHERE customer_id = $1 AND id = $2;

-- name: kDeleteAddress
DELETE FROM addresses WHERE customer_id = $1 AND id = $2;

-- Erasures (CustomerStore::begin_erasure and the steps after it).
-- An earlier erasure of the same id: only the demo customer's fixed id comes back (seeded again at the
-- next start); the new erasure replaces that record (its steps go with it).
-- name: kForgetErasure
DELETE FROM erasures WHERE customer_id = $1;

-- name: kInsertErasure
INSERT INTO erasures (customer_id, requested_at, requested_by) VALUES ($1, $2, $3);

-- name: kInsertErasureStep
INSERT INTO erasure_steps (customer_id, step, position) VALUES ($1, $2, $3);

-- name: kFindErasure
SELECT customer_id, requested_at, requested_by, COALESCE(finished_at, ''), attempts, COALESCE(last_error, '')
    FROM erasures WHERE customer_id = $1;

-- name: kPendingErasureSteps
SELECT step FROM erasure_steps WHERE customer_id = $1 AND done_at IS NULL ORDER BY position;

-- name: kErasureStepDone
UPDATE erasure_steps SET done_at = $3 WHERE customer_id = $1 AND step = $2 AND done_at IS NULL;

-- name: kFinishErasure
UPDATE erasures SET finished_at = $2, last_error = NULL WHERE customer_id = $1 AND finished_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM erasure_steps WHERE customer_id = $1 AND done_at IS NULL);

-- name: kErasureFailed
UPDATE erasures SET attempts = attempts + 1, last_error = $2 WHERE customer_id = $1;

-- name: kUnfinishedErasures
SELECT customer_id FROM erasures WHERE finished_at IS NULL ORDER BY requested_at, customer_id LIMIT $1;

-- A customer's history (customer_events): no personal data of theirs goes in.
-- name: kInsertEvent
INSERT INTO customer_events (id, customer_id, seq, at, event, actor, staff_id, staff_email, details)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- name: kCountEvents
SELECT COUNT(*) FROM customer_events WHERE customer_id = $1;

-- newest first
-- name: kEvents
SELECT at, event, actor, staff_id, staff_email, details FROM customer_events WHERE customer_id = $1
    ORDER BY seq DESC, id DESC LIMIT $2 OFFSET $3;
