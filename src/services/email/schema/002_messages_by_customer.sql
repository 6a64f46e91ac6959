-- Whom a message was sent for: a customer's mailbox shows only theirs (an address alone proves
-- nothing: anyone may open an account with a guest's address).
ALTER TABLE messages ADD COLUMN customer_id TEXT;
CREATE INDEX messages_by_customer ON messages (customer_id, created_at);
