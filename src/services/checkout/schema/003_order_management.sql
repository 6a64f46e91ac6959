-- The back-office (issue 15): a paid order is `paid` (it was `confirmed`), then `shipped` and
-- `delivered`, or `cancelled` (refunded, stock given back). Every change is an event (who, when);
-- the placing is the first. order_tasks holds what a change still has to do outside this database
-- (refund, stock, e-mail), written in the change's own transaction and deleted once done, so a
-- crash or an outage in between leaves it on record for the follow-up thread. search_text: the
-- reference, e-mail and name normalised (platform::normalize_for_search), filled for the orders
-- placed before this version by OrderStore::fill_search_text at start-up.
UPDATE orders SET status = 'paid' WHERE status = 'confirmed';
ALTER TABLE orders ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN carrier TEXT;
ALTER TABLE orders ADD COLUMN carrier_tracking TEXT;
ALTER TABLE orders ADD COLUMN shipped_at TEXT;
ALTER TABLE orders ADD COLUMN delivered_at TEXT;
ALTER TABLE orders ADD COLUMN cancelled_at TEXT;
ALTER TABLE orders ADD COLUMN cancel_reason TEXT;
ALTER TABLE orders ADD COLUMN refunded_at TEXT;
ALTER TABLE orders ADD COLUMN stock_returned_at TEXT;
CREATE INDEX orders_by_date ON orders (created_at);
CREATE INDEX orders_by_status ON orders (status, created_at);
CREATE TABLE order_events (
    reference TEXT NOT NULL REFERENCES orders(reference) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    status TEXT NOT NULL,
    staff_id TEXT,
    staff_email TEXT,
    details TEXT NOT NULL,
    PRIMARY KEY (reference, position)
);
INSERT INTO order_events (reference, position, at, event, status, details)
    SELECT reference, 0, created_at, 'placed', status, '{}' FROM orders;
CREATE TABLE order_tasks (
    reference TEXT NOT NULL REFERENCES orders(reference) ON DELETE CASCADE,
    task TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (reference, task)
);
