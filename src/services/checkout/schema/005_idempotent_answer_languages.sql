-- A refusal replayed in the retry's language (issue 17): the problem kept under an Idempotency-Key
-- (a 4xx) in each language it can be replayed in, one row per language. Every language the shop
-- speaks when the checkout wrote its texts; only the one it was said in when they were another
-- service's, passed on as said (OrderStore::finish_idempotent, kept_refusal.hpp). Rows of
-- idempotency_keys kept before this have none here: their response_body is replayed as it is.
CREATE TABLE idempotency_answers (
    idempotency_key TEXT NOT NULL REFERENCES idempotency_keys(idempotency_key) ON DELETE CASCADE,
    language TEXT NOT NULL,
    response_body TEXT NOT NULL,
    PRIMARY KEY (idempotency_key, language)
);
