#include "services/email/migrations.hpp"

#include <array>

namespace rapidtrade::email {
namespace {

constexpr std::string_view kV1 = R"sql(
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
)sql";
// Whom a message was sent for: a customer's mailbox shows only theirs (an address alone proves
// nothing: anyone may open an account with a guest's address).
constexpr std::string_view kV2 = R"sql(
ALTER TABLE messages ADD COLUMN customer_id TEXT;
CREATE INDEX messages_by_customer ON messages (customer_id, created_at);
)sql";
constexpr std::array<platform::db::Migration, 2> kMigrations{{
    {1, "outbox", kV1, {}},
    {2, "messages by customer", kV2, {}},
}};

}  // namespace

std::span<const platform::db::Migration> migrations() { return kMigrations; }

}  // namespace rapidtrade::email
