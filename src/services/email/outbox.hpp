#pragma once
// The outbox: every message accepted is stored first, then delivered by the dispatcher. Claims
// carry a lease (locked_until) so several replicas never send the same message at once.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "services/email/model.hpp"

namespace rapidtrade::email {

// Which messages a listing shows: all, those to one address, or those sent for one customer.
struct MailFilter {
    std::string to;
    std::string customer_id;
};

class Outbox {
public:
    explicit Outbox(platform::db::Database& db) : db_(db) {}

    // Returns the message and whether it is new (false: the dedup key was already used).
    std::pair<StoredMessage, bool> enqueue(const Message& m, const std::string& dedup_key,
                                           const std::string& customer_id = "");
    std::optional<StoredMessage> find(const std::string& id);
    std::vector<StoredMessage> list(const MailFilter& filter, int limit, std::int64_t offset);
    std::int64_t count(const MailFilter& filter);
    // RGPD erasure: the messages sent for the customer lose their address, subject and bodies
    // (contracts::erasure); those still queued are never sent. Returns how many there were.
    std::int64_t anonymise_customer(const std::string& customer_id);

    std::vector<StoredMessage> claim_due(std::int64_t now_ms, std::int64_t lease_ms, int limit);
    void mark_sent(const std::string& id, const std::string& via);
    // The same for several messages, in one statement.
    void mark_sent(const std::vector<std::string>& ids, const std::string& via);
    // Gives a claimed message back at once instead of at the end of its lease.
    void release_claim(const std::string& id);
    void mark_attempt_failed(const std::string& id, const std::string& error, std::int64_t next_attempt_ms, bool give_up);
    // Age in seconds of the oldest message still queued (0 when none), for monitoring.
    std::int64_t oldest_queued_age_s(std::int64_t now_ms);

private:
    std::optional<StoredMessage> by_dedup_key(const std::string& dedup_key);

    platform::db::Database& db_;
};

}  // namespace rapidtrade::email
