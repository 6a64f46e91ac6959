#include "services/email/outbox.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <string_view>

#include <fmt/format.h>

#include "contracts/erasure.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "services/email/sql.hpp"

namespace rapidtrade::email {
namespace {

// The columns every message-reading statement of sql.hpp lists, in that order.
StoredMessage from_row(const platform::db::Row& r) {
    StoredMessage s;
    s.message = {r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5)};
    s.dedup_key = r.str(6);
    s.status = r.str(7);
    s.attempts = r.i64(8);
    s.last_error = r.str(9);
    s.delivered_via = r.str(10);
    s.created_at = r.str(11);
    s.sent_at = r.str(12);
    s.customer_id = r.str(13);
    return s;
}

std::optional<std::string> unless_empty(const std::string& s) {
    return s.empty() ? std::optional<std::string>{} : std::optional<std::string>{s};
}

// A filter's statements; its value, when it has one, is bound as $1.
struct FilterSql {
    std::string_view list;
    std::string_view count;
    std::optional<std::string> value;
};

FilterSql sql_of(const MailFilter& f) {
    if (!f.customer_id.empty()) return {sql::kListOfCustomer, sql::kCountOfCustomer, f.customer_id};
    if (!f.to.empty()) return {sql::kListTo, sql::kCountTo, f.to};
    return {sql::kListAll, sql::kCountAll, std::nullopt};
}

}  // namespace

std::pair<StoredMessage, bool> Outbox::enqueue(const Message& m, const std::string& dedup_key,
                                               const std::string& customer_id) {
    // Inserted first, looked up only when the dedup key is taken (a retry): one statement, not two,
    // for the common case.
    auto id = m.id.empty() ? platform::random_id(20) : m.id;
    auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
    try {
        auto stored = db_.query(sql::kEnqueue, id, unless_empty(dedup_key), m.from, m.to, m.subject, m.text, m.html,
                                static_cast<std::int64_t>(now_ms), platform::now_iso(), unless_empty(customer_id));
        return {from_row(stored[0]), true};
    } catch (const platform::db::ConstraintViolation&) {
        // The same dedup key came before (a retry) or raced in: one message only.
        if (!dedup_key.empty())
            if (auto existing = by_dedup_key(dedup_key)) return {*existing, false};
        throw;
    }
}

std::optional<StoredMessage> Outbox::by_dedup_key(const std::string& dedup_key) {
    auto r = db_.query(sql::kByDedupKey, dedup_key);
    if (r.empty()) return std::nullopt;
    return from_row(r[0]);
}

std::optional<StoredMessage> Outbox::find(const std::string& id) {
    auto r = db_.query(sql::kFind, id);
    if (r.empty()) return std::nullopt;
    return from_row(r[0]);
}

std::vector<StoredMessage> Outbox::list(const MailFilter& filter, int limit, std::int64_t offset) {
    std::vector<StoredMessage> out;
    auto q = sql_of(filter);
    auto rows = q.value ? db_.query(q.list, *q.value, limit, offset) : db_.query(q.list, limit, offset);
    for (const auto& r : rows.rows) out.push_back(from_row(r));
    return out;
}

std::int64_t Outbox::count(const MailFilter& filter) {
    auto q = sql_of(filter);
    return (q.value ? db_.query(q.count, *q.value) : db_.query(q.count))[0].i64(0);
}

std::int64_t Outbox::anonymise_customer(const std::string& customer_id) {
    return db_.query(sql::kAnonymiseOfCustomer, customer_id, contracts::erasure::kEmail, contracts::erasure::kSubject,
                     contracts::erasure::kBody)
        .affected;
}

std::vector<StoredMessage> Outbox::claim_due(std::int64_t now_ms, std::int64_t lease_ms, int limit) {
    // One statement (one round trip, one commit) for the whole batch.
    auto claimed = db_.query(sql::kClaimDue, now_ms, now_ms + lease_ms, limit);
    // RETURNING keeps no order: sent in due order, as they were chosen.
    std::sort(claimed.rows.begin(), claimed.rows.end(), [](const auto& a, const auto& b) {
        return std::pair(a.i64(14), a.str(0)) < std::pair(b.i64(14), b.str(0));
    });
    std::vector<StoredMessage> out;
    out.reserve(claimed.size());
    for (const auto& r : claimed.rows) out.push_back(from_row(r));
    return out;
}

void Outbox::mark_sent(const std::string& id, const std::string& via) {
    db_.query(sql::kMarkSent, id, platform::now_iso(), via);
}

void Outbox::mark_sent(const std::vector<std::string>& ids, const std::string& via) {
    if (ids.empty()) return;
    std::vector<platform::db::Value> params{platform::now_iso(), via};
    params.insert(params.end(), ids.begin(), ids.end());
    auto conn = db_.acquire();
    conn->execute(fmt::format(fmt::runtime(sql::kMarkSentAll), platform::db::placeholder_list(3, ids.size())), params);
}

void Outbox::release_claim(const std::string& id) { db_.query(sql::kReleaseClaim, id); }

void Outbox::mark_attempt_failed(const std::string& id, const std::string& error, std::int64_t next_attempt_ms,
                                 bool give_up) {
    db_.query(sql::kMarkAttemptFailed, id, error.substr(0, 500), next_attempt_ms, give_up ? "failed" : "queued");
}

std::int64_t Outbox::oldest_queued_age_s(std::int64_t now_ms) {
    auto r = db_.query(sql::kOldestQueued);
    if (r.empty() || r[0].is_null(0)) return 0;
    std::tm tm{};
    auto text = r[0].str(0);
    strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    auto created = static_cast<std::int64_t>(timegm(&tm)) * 1000;
    return now_ms > created ? (now_ms - created) / 1000 : 0;
}

}  // namespace rapidtrade::email
