-- The catalogue's history (issue 15: every staff action recorded, who, what, when): one row per
-- write to a product or a category, in the write's own transaction. No foreign key to products: a
-- product's history outlives it (its deletion is its last entry). seq orders a subject's
-- entries (microseconds since 1970, strictly increasing within a process: platform/history.hpp), id
-- is random: two replicas writing at once never take the same key. actor: 'staff' (staff_id and
-- staff_email from the token's claims) or 'service' (the API key, no person). details: a JSON
-- object (the fields changed, old and new price and stock...).
CREATE TABLE catalog_events (
    id TEXT PRIMARY KEY,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('product', 'category')),
    subject_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    actor TEXT NOT NULL CHECK (actor IN ('staff', 'service')),
    staff_id TEXT,
    staff_email TEXT,
    details TEXT NOT NULL
);
CREATE INDEX catalog_events_by_subject ON catalog_events (subject_kind, subject_id, seq);
