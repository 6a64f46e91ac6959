#pragma once
// Orders, their lines, and the Idempotency-Key records of POST /apis/orders/.
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "services/checkout/model.hpp"

namespace rapidtrade::checkout {

struct OrderAttempt {
    std::string reference;
    std::string idempotency_key;  // empty when the request had none
};

struct IdempotencyRecord {
    std::string request_hash;
    std::string status;  // pending, done
    unsigned response_status = 0;
    std::string response_body;
};

class OrderStore {
public:
    explicit OrderStore(platform::db::Database& db) : db_(db) {}

    // Stores the order and, in the same transaction, ends its attempt and completes its
    // Idempotency-Key (when given) with the answer, so a crash right after cannot leave either behind.
    void insert(const Order& o, const std::string& idempotency_key = "");
    std::optional<Order> find(const std::string& reference);
    std::vector<Order> of_customer(const std::string& customer_id, int limit, std::int64_t offset);
    std::int64_t count_of_customer(const std::string& customer_id);
    // RGPD erasure: every order of the customer keeps its lines, amounts, payment and country (what
    // the accounts need) and loses the e-mail, the name and the rest of the address, replaced by
    // contracts::erasure's values, here and in its Idempotency-Key's stored answer. One transaction;
    // running it again changes nothing more. Returns how many orders the customer has.
    std::int64_t anonymise_customer(const std::string& customer_id);

    // Orders whose confirmation e-mail or shipment still has to be requested.
    std::vector<std::string> pending_followups(int limit);
    // What a follow-up achieved: the e-mail queued, and/or the shipment's tracking id.
    struct FollowUp {
        std::string reference;
        bool confirmation_queued = false;
        std::optional<std::string> tracking_id;
    };
    // Several follow-ups in one transaction (one commit for a burst of orders).
    void record_follow_ups(const std::vector<FollowUp>& done);

    // Order attempts: recorded before anything is reserved or charged, ended with the order's
    // insertion or once what was done is undone. One left over is an attempt whose undoing could
    // not run (a service or the database down, the process killed): Saga::reconcile finishes it.
    void begin_attempt(const std::string& reference, std::int64_t started_ms, const std::string& idempotency_key);
    void end_attempt(const std::string& reference);
    bool attempt_exists(const std::string& reference);
    std::vector<OrderAttempt> attempts_started_before(std::int64_t started_ms, int limit);

    // nullopt when the key is new (and now pending for this request); the existing record otherwise.
    std::optional<IdempotencyRecord> begin_idempotent(const std::string& key, const std::string& request_hash);
    void finish_idempotent(const std::string& key, unsigned status, const std::string& body);
    void abandon_idempotent(const std::string& key);

private:
    platform::db::Database& db_;
};

}  // namespace rapidtrade::checkout
