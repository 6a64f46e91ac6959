-- The email service's SQL, written once for SQLite and PostgreSQL: $1, $2... are bound at run time,
-- never formatted in. Each "-- name:" becomes a constant of services/email/sql.hpp (tools/codegen), the
-- comment lines just above it its comment. A fragment (no SELECT, INSERT...) is one fixed piece the
-- store puts together with others; only such pieces and $n numbers ever go into the text.
-- Every statement that reads messages back lists the same columns, in the order Outbox reads them.

-- name: kEnqueue
INSERT INTO messages (id, dedup_key, from_addr, to_addr, subject, text_body, html_body, status, attempts,
    next_attempt_at, created_at, customer_id) VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', 0, $8, $9, $10)
    RETURNING id, from_addr, to_addr, subject, text_body, html_body, COALESCE(dedup_key, ''), status, attempts,
    COALESCE(last_error, ''), COALESCE(delivered_via, ''), created_at, COALESCE(sent_at, ''), COALESCE(customer_id, '');

-- name: kByDedupKey
SELECT id, from_addr, to_addr, subject, text_body, html_body, COALESCE(dedup_key, ''), status, attempts,
    COALESCE(last_error, ''), COALESCE(delivered_via, ''), created_at, COALESCE(sent_at, ''), COALESCE(customer_id, '')
    FROM messages WHERE dedup_key = $1;

-- name: kFind
SELECT id, from_addr, to_addr, subject, text_body, html_body, COALESCE(dedup_key, ''), status, attempts,
    COALESCE(last_error, ''), COALESCE(delivered_via, ''), created_at, COALESCE(sent_at, ''), COALESCE(customer_id, '')
    FROM messages WHERE id = $1;

-- Listings: every message, those to one address, those sent for one customer.
-- name: kListAll
SELECT id, from_addr, to_addr, subject, text_body, html_body, COALESCE(dedup_key, ''), status, attempts,
    COALESCE(last_error, ''), COALESCE(delivered_via, ''), created_at, COALESCE(sent_at, ''), COALESCE(customer_id, '')
    FROM messages ORDER BY created_at DESC, id LIMIT $1 OFFSET $2;

-- name: kListTo
SELECT id, from_addr, to_addr, subject, text_body, html_body, COALESCE(dedup_key, ''), status, attempts,
    COALESCE(last_error, ''), COALESCE(delivered_via, ''), created_at, COALESCE(sent_at, ''), COALESCE(customer_id, '')
    FROM messages WHERE to_addr = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3;

-- name: kListOfCustomer
SELECT id, from_addr, to_addr, subject, text_body, html_body, COALESCE(dedup_key, ''), status, attempts,
    COALESCE(last_error, ''), COALESCE(delivered_via, ''), created_at, COALESCE(sent_at, ''), COALESCE(customer_id, '')
    FROM messages WHERE customer_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3;

-- name: kCountAll
SELECT COUNT(*) FROM messages;

-- name: kCountTo
SELECT COUNT(*) FROM messages WHERE to_addr = $1;

-- name: kCountOfCustomer
SELECT COUNT(*) FROM messages WHERE customer_id = $1;

-- RGPD erasure of the mail sent for a customer: what was sent, when and under which dedup key stays
-- (so nothing is sent twice); the address, the subject, the bodies and any delivery error (an SMTP
-- error may quote the address) are replaced. A message not sent yet never will be: failed.
-- name: kAnonymiseOfCustomer
UPDATE messages SET to_addr = $2, subject = $3, text_body = $4, html_body = '',
    status = CASE WHEN status = 'queued' THEN 'failed' ELSE status END,
    last_error = CASE WHEN status = 'queued' THEN 'erased before it was sent' ELSE NULL END, locked_until = NULL
    WHERE customer_id = $1;

-- Delivery: due messages claimed under a lease, then marked sent, failed or given back.

-- Due messages claimed under a lease and read back, in one statement: the first $3 by due time.
-- A dispatcher claiming at the same moment waits for each row claimed first, re-checks its lease
-- (PostgreSQL re-evaluates this WHERE on the row as committed) and leaves it out.
-- name: kClaimDue
UPDATE messages SET locked_until = $2
    WHERE id IN (SELECT id FROM messages WHERE status = 'queued' AND next_attempt_at <= $1
                 AND (locked_until IS NULL OR locked_until < $1) ORDER BY next_attempt_at, id LIMIT $3)
    AND status = 'queued' AND (locked_until IS NULL OR locked_until < $1)
    RETURNING id, from_addr, to_addr, subject, text_body, html_body, COALESCE(dedup_key, ''), status, attempts,
    COALESCE(last_error, ''), COALESCE(delivered_via, ''), created_at, COALESCE(sent_at, ''), COALESCE(customer_id, ''),
    next_attempt_at;

-- name: kMarkSent
UPDATE messages SET status = 'sent', attempts = attempts + 1, sent_at = $2, delivered_via = $3,
    locked_until = NULL, last_error = NULL WHERE id = $1;

-- A batch delivered to the shop's mailbox, recorded at once. {}: one $n per message id, from $3.
-- name: kMarkSentAll
UPDATE messages SET status = 'sent', attempts = attempts + 1, sent_at = $1, delivered_via = $2,
    locked_until = NULL, last_error = NULL WHERE id IN ({});

-- name: kReleaseClaim
UPDATE messages SET locked_until = NULL WHERE id = $1 AND status = 'queued';

-- name: kMarkAttemptFailed
UPDATE messages SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3, locked_until = NULL,
    status = $4 WHERE id = $1;

-- name: kOldestQueued
SELECT MIN(created_at) FROM messages WHERE status = 'queued';
