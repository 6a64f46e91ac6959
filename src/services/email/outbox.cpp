#include "platform/clock.hpp"
#include "services/email/outbox.hpp"

#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "platform/ids.hpp"

namespace rapidtrade::email {
namespace {

constexpr std::string_view kColumns =
    "id, from_addr, to_addr, subject, text_body, html_body, COALESCE(dedup_key, ''), status, attempts,"
    " COALESCE(last_error, ''), COALESCE(delivered_via, ''), created_at, COALESCE(sent_at, ''), COALESCE(customer_id, '')";


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

}  // namespace

boost::json::object to_json(const StoredMessage& m) {
    boost::json::object o{{"id", m.message.id},       {"from", m.message.from},   {"to", m.message.to},
                          {"subject", m.message.subject}, {"text", m.message.text}, {"html", m.message.html},
                          {"status", m.status},        {"attempts", m.attempts},  {"created_at", m.created_at}};
    if (!m.dedup_key.empty()) o["dedup_key"] = m.dedup_key;
    if (!m.sent_at.empty()) o["sent_at"] = m.sent_at;
    if (!m.delivered_via.empty()) o["delivered_via"] = m.delivered_via;
    if (!m.last_error.empty()) o["last_error"] = m.last_error;
    return o;
}

std::pair<StoredMessage, bool> Outbox::enqueue(const Message& m, const std::string& dedup_key,
                                               const std::string& customer_id) {
    // Inserted first, looked up only when the dedup key is taken (a retry): one statement, not two,
    // for the common case.
    auto id = m.id.empty() ? platform::random_id(20) : m.id;
    auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
    try {
        auto stored = db_.query(
            fmt::format("INSERT INTO messages (id, dedup_key, from_addr, to_addr, subject, text_body, html_body, status,"
                        " attempts, next_attempt_at, created_at, customer_id)"
                        " VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', 0, $8, $9, $10) RETURNING {}",
                        kColumns),
            id, dedup_key.empty() ? std::optional<std::string>{} : std::optional<std::string>{dedup_key}, m.from, m.to,
            m.subject, m.text, m.html, static_cast<std::int64_t>(now_ms), platform::now_iso(),
            customer_id.empty() ? std::optional<std::string>{} : std::optional<std::string>{customer_id});
        return {from_row(stored[0]), true};
    } catch (const platform::db::ConstraintViolation&) {
        // The same dedup key came before (a retry) or raced in: one message only.
        if (!dedup_key.empty())
            if (auto existing = by_dedup_key(dedup_key)) return {*existing, false};
        throw;
    }
}

std::optional<StoredMessage> Outbox::by_dedup_key(const std::string& dedup_key) {
    auto r = db_.query(fmt::format("SELECT {} FROM messages WHERE dedup_key = $1", kColumns), dedup_key);
    if (r.empty()) return std::nullopt;
    return from_row(r[0]);
}

std::optional<StoredMessage> Outbox::find(const std::string& id) {
    auto r = db_.query(fmt::format("SELECT {} FROM messages WHERE id = $1", kColumns), id);
    if (r.empty()) return std::nullopt;
    return from_row(r[0]);
}

namespace {

// The WHERE clause of a filter, its value bound as $1 (SQL is never built from the value itself).
std::pair<std::string_view, std::string> where_of(const MailFilter& f) {
    if (!f.customer_id.empty()) return {" WHERE customer_id = $1", f.customer_id};
    if (!f.to.empty()) return {" WHERE to_addr = $1", f.to};
    return {"", ""};
}

}  // namespace

std::vector<StoredMessage> Outbox::list(const MailFilter& filter, int limit, std::int64_t offset) {
    std::vector<StoredMessage> out;
    auto [where, value] = where_of(filter);
    auto rows = where.empty()
                    ? db_.query(fmt::format("SELECT {} FROM messages ORDER BY created_at DESC, id LIMIT $1 OFFSET $2", kColumns),
                                limit, offset)
                    : db_.query(fmt::format("SELECT {} FROM messages{} ORDER BY created_at DESC, id LIMIT $2 OFFSET $3",
                                            kColumns, where),
                                value, limit, offset);
    for (const auto& r : rows.rows) out.push_back(from_row(r));
    return out;
}

std::int64_t Outbox::count(const MailFilter& filter) {
    auto [where, value] = where_of(filter);
    return where.empty() ? db_.query("SELECT COUNT(*) FROM messages")[0].i64(0)
                         : db_.query(fmt::format("SELECT COUNT(*) FROM messages{}", where), value)[0].i64(0);
}

std::vector<StoredMessage> Outbox::claim_due(std::int64_t now_ms, std::int64_t lease_ms, int limit) {
    static const std::string kClaim = fmt::format(
        "UPDATE messages SET locked_until = $2 WHERE id = $1 AND status = 'queued'"
        " AND (locked_until IS NULL OR locked_until < $3) RETURNING {}",
        kColumns);
    // One transaction (one commit) for the whole batch.
    return db_.transaction([&](platform::db::Connection& c) {
        auto due = c.query("SELECT id FROM messages WHERE status = 'queued' AND next_attempt_at <= $1"
                           " AND (locked_until IS NULL OR locked_until < $1) ORDER BY next_attempt_at LIMIT $2",
                           now_ms, limit);
        std::vector<StoredMessage> out;
        for (const auto& r : due.rows) {
            // Claimed and read in one statement; another dispatcher that claimed it first leaves no row.
            auto claimed = c.query(kClaim, r.str(0), now_ms + lease_ms, now_ms);
            if (!claimed.empty()) out.push_back(from_row(claimed[0]));
        }
        return out;
    });
}

void Outbox::mark_sent(const std::string& id, const std::string& via) {
    db_.query("UPDATE messages SET status = 'sent', attempts = attempts + 1, sent_at = $2, delivered_via = $3,"
              " locked_until = NULL, last_error = NULL WHERE id = $1",
              id, platform::now_iso(), via);
}

void Outbox::release_claim(const std::string& id) {
    db_.query("UPDATE messages SET locked_until = NULL WHERE id = $1 AND status = 'queued'", id);
}

void Outbox::mark_attempt_failed(const std::string& id, const std::string& error, std::int64_t next_attempt_ms,
                                 bool give_up) {
    db_.query("UPDATE messages SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3, locked_until = NULL,"
              " status = $4 WHERE id = $1",
              id, error.substr(0, 500), next_attempt_ms, give_up ? "failed" : "queued");
}

std::int64_t Outbox::oldest_queued_age_s(std::int64_t now_ms) {
    auto r = db_.query("SELECT MIN(created_at) FROM messages WHERE status = 'queued'");
    if (r.empty() || r[0].is_null(0)) return 0;
    std::tm tm{};
    auto text = r[0].str(0);
    strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    auto created = static_cast<std::int64_t>(timegm(&tm)) * 1000;
    return now_ms > created ? (now_ms - created) / 1000 : 0;
}

}  // namespace rapidtrade::email
