CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    dedup_key TEXT UNIQUE,
    from_addr TEXT NOT NULL,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT,
    last_error TEXT,
    delivered_via TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX messages_due ON messages (status, next_attempt_at);
CREATE INDEX messages_by_recipient ON messages (to_addr, created_at);
