-- Staff accounts can be disabled (NULL: active); password resets keep only their token's SHA-256.
ALTER TABLE credentials ADD COLUMN disabled_at BIGINT;
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX password_resets_by_customer ON password_resets (customer_id);
