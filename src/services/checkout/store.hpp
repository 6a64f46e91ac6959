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

// A kept refusal in one language: its problem document, for a replay that asks in that language.
struct IdempotencyAnswer {
    std::string language;  // "fr", "en" (platform::i18n::code)
    std::string body;
};

struct IdempotencyRecord {
    std::string request_hash;
    std::string status;  // pending, done
    unsigned response_status = 0;
    std::string response_body;  // the first answer, as it was sent
    // A refusal (done, 4xx) in each language it can be replayed in, by language; empty for an
    // order (201) and for a refusal kept before migration 5 (replayed as response_body).
    std::vector<IdempotencyAnswer> answers;
};

// The staff's list of every order: filters (each optional) and the page.
struct OrderQuery {
    std::optional<std::string> status;       // one of kOrderStatuses
    std::optional<std::string> customer_id;  // a customer's orders
    std::optional<std::string> text;         // words of the reference, e-mail or name (any case, any accents)
    int limit = 20;
    std::int64_t offset = 0;
};

// Who made a change: a staff member (token subject and e-mail).
struct Staff {
    std::string id;
    std::string email;
};

// What a change still has to do outside the checkout's database, until done.
namespace tasks {
inline constexpr const char* kRefund = "refund";              // the charge, at the payment service
inline constexpr const char* kReturnStock = "return_stock";   // the reservation, at the catalogue
inline constexpr const char* kEmailShipped = "email_shipped";
inline constexpr const char* kEmailDelivered = "email_delivered";
inline constexpr const char* kEmailCancelled = "email_cancelled";
}  // namespace tasks

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

    // Every order (newest first) for the shop's staff, with the total the filters match.
    std::pair<std::vector<Order>, std::int64_t> list(const OrderQuery& query);
    // Fills search_text for up to `limit` orders placed before it existed; answers how many.
    int fill_search_text(int limit);
    static std::string search_text_of(const Order& o);

    // The staff's changes. Each moves the order from the one status it may come from, records the
    // event (who, when, what) and the tasks it leaves to do, in one transaction; false (nothing
    // changed) when the order is not in that status.
    bool ship(const std::string& reference, const std::string& carrier, const std::string& tracking, const Staff& by);
    bool deliver(const std::string& reference, const Staff& by);
    bool cancel(const std::string& reference, const std::string& reason, const Staff& by);
    // The status of an order, or nullopt when there is none.
    std::optional<std::string> status_of(const std::string& reference);
    std::vector<OrderEvent> history(const std::string& reference);

    // The tasks left by the changes: up to `limit` orders that have some, oldest first; an order's tasks.
    std::vector<std::string> orders_with_tasks(int limit);
    std::vector<std::string> tasks_of(const std::string& reference);
    // A task done. The refund and the stock are also written on the order, with their event.
    void end_task(const std::string& reference, const std::string& task);

    // Up to `limit` orders placed before `placed_before` (an ISO-8601 UTC time, as created_at) whose
    // confirmation e-mail or shipment still has to be requested, oldest first.
    std::vector<std::string> pending_followups(const std::string& placed_before, int limit);
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
    // The key done with its first answer (`body`, as sent) and, for a refusal, `answers`: that
    // refusal in each language it can be replayed in. One transaction.
    void finish_idempotent(const std::string& key, unsigned status, const std::string& body,
                           const std::vector<IdempotencyAnswer>& answers = {});
    void abandon_idempotent(const std::string& key);

private:
    platform::db::Database& db_;
};

}  // namespace rapidtrade::checkout
