-- RGPD erasures (DELETE /apis/customers/{id} and /me): recorded in the same transaction that deletes
-- the profile, then each step (another service's data) marked done once that service confirmed it,
-- retried by ErasureRetries until none is left. What stays once finished: who asked and when, no
-- personal data.
CREATE TABLE erasures (
    customer_id TEXT PRIMARY KEY,
    requested_at TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    finished_at TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX erasures_unfinished ON erasures (finished_at, requested_at);
CREATE TABLE erasure_steps (
    customer_id TEXT NOT NULL REFERENCES erasures(customer_id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    position BIGINT NOT NULL,
    done_at TEXT,
    PRIMARY KEY (customer_id, step)
);
