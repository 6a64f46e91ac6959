-- The follow-up scan (follow_ups.cpp) looks for the orders still missing their confirmation e-mail
-- or shipment, oldest first. The index on (confirmation_queued, tracking_id) could not give them in
-- that order, so the scan walked the orders by date through every one already followed up: its
-- cost grew with the shop's history. A partial index holds only the pending ones, by date.
DROP INDEX IF EXISTS orders_followups;
CREATE INDEX orders_pending_followups ON orders (created_at) WHERE confirmation_queued = 0 OR tracking_id IS NULL;
