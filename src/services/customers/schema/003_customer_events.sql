-- What was done to a customer's record (issue 15: every staff action recorded, who, what, when):
-- the staff's exports of their data, the erasure asked (by staff or by the customer) and its end.
-- No foreign key and no personal data of the customer (no name, no e-mail of theirs): the history
-- outlives the erasure, which it records. seq orders a customer's entries (microseconds since
-- 1970, strictly increasing within a process: platform/history.hpp), id is random: two replicas
-- writing at once never take the same key. actor: 'staff' (staff_id and staff_email from the
-- token's claims: the staff member's, not the customer's), 'customer' or 'service' (no person).
CREATE TABLE customer_events (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    actor TEXT NOT NULL CHECK (actor IN ('staff', 'service', 'customer')),
    staff_id TEXT,
    staff_email TEXT,
    details TEXT NOT NULL
);
CREATE INDEX customer_events_by_customer ON customer_events (customer_id, seq);
