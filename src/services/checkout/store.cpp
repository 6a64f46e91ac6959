#include "services/checkout/store.hpp"

#include <chrono>

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "contracts/erasure.hpp"
#include "platform/clock.hpp"
#include "platform/text.hpp"
#include "services/checkout/sql.hpp"

namespace rapidtrade::checkout {

using platform::db::Connection;
using platform::db::Row;

namespace {

Order order_from(const Row& r) {
    Order o;
    o.reference = r.str(0);
    o.customer_id = r.opt_str(1);
    o.email = r.str(2);
    o.status = r.str(3);
    std::vector<platform::FieldError> ignored;
    o.shipping_address = platform::address_from_json(boost::json::parse(r.str(4)), "", ignored);
    o.subtotal = r.i64(5);
    o.discount = r.i64(6);
    o.shipping = r.i64(7);
    o.total = r.i64(8);
    o.promo_code = r.opt_str(9);
    o.promo_percent = r.i64(10);
    o.shipping_service = r.str(11);
    o.charge_id = r.str(12);
    o.card_brand = r.str(13);
    o.card_last4 = r.str(14);
    o.tracking_id = r.opt_str(15);
    o.cart_id = r.str(16);
    o.created_at = r.str(17);
    o.carrier = r.opt_str(18);
    o.carrier_tracking = r.opt_str(19);
    o.shipped_at = r.opt_str(20);
    o.delivered_at = r.opt_str(21);
    o.cancelled_at = r.opt_str(22);
    o.cancel_reason = r.opt_str(23);
    o.refunded_at = r.opt_str(24);
    o.stock_returned_at = r.opt_str(25);
    // Checked when placed; a value we no longer speak reads as French.
    o.language = platform::i18n::parse_language(r.str(26)).value_or(platform::i18n::kDefaultLanguage);
    return o;
}

void load_lines(Connection& c, Order& o) {
    for (const auto& r : c.query(sql::kOrderLines, o.reference).rows)
        o.lines.push_back({r.str(0), r.str(1), r.i64(2), r.i64(3), r.i64(4)});
}

std::int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

void OrderStore::insert(const Order& o, const std::string& idempotency_key) {
    // Nothing here is read back: the whole transaction goes to PostgreSQL in one round trip.
    db_.transaction([&](Connection& c) {
        c.later(sql::kInsertOrder, o.reference, o.customer_id, o.email, o.status, boost::json::serialize(platform::to_json(o.shipping_address)),
                o.subtotal, o.discount, o.shipping, o.total, o.promo_code, o.promo_percent, o.shipping_service, o.charge_id,
                o.card_brand, o.card_last4, o.cart_id, o.created_at, search_text_of(o),
                std::string(platform::i18n::code(o.language)));
        for (std::size_t i = 0; i < o.lines.size(); ++i) {
            const auto& l = o.lines[i];
            c.later(sql::kInsertOrderLine, o.reference, static_cast<std::int64_t>(i), l.product_id, l.name, l.unit_price, l.quantity, l.line_total);
        }
        // The first entry of its history.
        c.later(sql::kInsertEvent, o.reference, o.created_at, "placed", o.status, nullptr, nullptr, "{}");
        c.later(sql::kEndAttempt, o.reference);
        if (!idempotency_key.empty())
            c.later(sql::kCompleteIdempotentWithOrder, idempotency_key, boost::json::serialize(to_json(o)));
    });
}

void OrderStore::begin_attempt(const std::string& reference, std::int64_t started_ms, const std::string& idempotency_key) {
    db_.query(sql::kBeginAttempt, reference, started_ms, idempotency_key.empty() ? std::optional<std::string>() : std::optional<std::string>(idempotency_key));
}

bool OrderStore::attempt_exists(const std::string& reference) {
    return !db_.query(sql::kAttemptExists, reference).empty();
}

void OrderStore::end_attempt(const std::string& reference) {
    db_.query(sql::kEndAttempt, reference);
}

std::vector<OrderAttempt> OrderStore::attempts_started_before(std::int64_t started_ms, int limit) {
    std::vector<OrderAttempt> out;
    for (const auto& r : db_.query(sql::kAttemptsStartedBefore, started_ms, limit).rows)
        out.push_back({r.str(0), r.str(1)});
    return out;
}

std::optional<Order> OrderStore::find(const std::string& reference) {
    auto conn = db_.acquire();
    auto rows = conn->query(sql::kFindOrder, reference);
    if (rows.empty()) return std::nullopt;
    auto o = order_from(rows[0]);
    load_lines(*conn, o);
    return o;
}

std::vector<Order> OrderStore::of_customer(const std::string& customer_id, int limit, std::int64_t offset) {
    auto conn = db_.acquire();
    std::vector<Order> out;
    for (const auto& r : conn->query(sql::kOrdersOfCustomer, customer_id, limit, offset).rows) {
        out.push_back(order_from(r));
        load_lines(*conn, out.back());
    }
    return out;
}

std::int64_t OrderStore::count_of_customer(const std::string& customer_id) {
    return db_.query(sql::kCountOfCustomer, customer_id)[0].i64(0);
}

namespace {

// The erased stand-in for an address: only its country is kept.
boost::json::object anonymised_address(const boost::json::value& stored) {
    std::string country = "FR";
    if (const auto* o = stored.if_object())
        if (const auto* c = o->if_contains("country"); c && c->is_string()) country = std::string(c->as_string());
    return platform::to_json(platform::Address{contracts::erasure::kFullName, contracts::erasure::kStreet,
                                               contracts::erasure::kCity, contracts::erasure::kPostalCode, country});
}

}  // namespace

std::int64_t OrderStore::anonymise_customer(const std::string& customer_id) {
    return db_.transaction([&](Connection& c) {
        auto orders = c.query(sql::kShippingAddressesOfCustomer, customer_id);
        for (const auto& r : orders.rows) {
            auto reference = r.str(0);
            auto address = anonymised_address(boost::json::parse(r.str(1)));
            c.query(sql::kAnonymiseOrder, reference, contracts::erasure::kEmail, boost::json::serialize(address));
            // fmt rather than "%" + s + "%": GCC 12 warns falsely (-Wrestrict, its bug 105651) on the latter.
            auto pattern = fmt::format("%\"reference\":\"{}\"%", reference);
            for (const auto& answer : c.query(sql::kOrderAnswersOf, pattern).rows) {
                auto body = boost::json::parse(answer.str(1));
                const auto* ref = body.is_object() ? body.as_object().if_contains("reference") : nullptr;
                if (ref == nullptr || !ref->is_string() || ref->as_string() != reference) continue;
                body.as_object()["email"] = contracts::erasure::kEmail;
                body.as_object()["shipping_address"] = address;
                c.query(sql::kReplaceOrderAnswer, answer.str(0), boost::json::serialize(body));
            }
        }
        return static_cast<std::int64_t>(orders.rows.size());
    });
}

std::vector<std::string> OrderStore::pending_followups(const std::string& placed_before, int limit) {
    std::vector<std::string> out;
    for (const auto& r : db_.query(sql::kPendingFollowUps, placed_before, limit).rows)
        out.push_back(r.str(0));
    return out;
}

namespace {

void record_one(Connection& c, const OrderStore::FollowUp& f) {
    if (f.confirmation_queued && f.tracking_id)
        c.query(sql::kRecordConfirmationAndTracking, f.reference, *f.tracking_id);
    else if (f.confirmation_queued)
        c.query(sql::kRecordConfirmation, f.reference);
    else if (f.tracking_id)
        c.query(sql::kRecordTracking, f.reference, *f.tracking_id);
}

}  // namespace

void OrderStore::record_follow_ups(const std::vector<FollowUp>& done) {
    if (done.empty()) return;
    // One alone is one statement, committed by itself: BEGIN and COMMIT would only add two.
    if (done.size() == 1) {
        record_one(*db_.acquire(), done.front());
        return;
    }
    db_.transaction([&](Connection& c) {
        for (const auto& f : done) record_one(c, f);
    });
}

std::optional<IdempotencyRecord> OrderStore::begin_idempotent(const std::string& key, const std::string& hash) {
    try {
        db_.query(sql::kBeginIdempotent, key, hash, now_s());
        return std::nullopt;
    } catch (const platform::db::ConstraintViolation&) {
        auto r = db_.query(sql::kIdempotencyRecord, key);
        if (r.empty()) return begin_idempotent(key, hash);  // abandoned meanwhile: take it
        IdempotencyRecord record{r[0].str(0), r[0].str(1), static_cast<unsigned>(r[0].i64(2)), r[0].str(3), {}};
        // Only a refusal has any; a 201, the common replay, costs no second query.
        if (record.status == "done" && record.response_status >= 400)
            for (const auto& a : db_.query(sql::kIdempotentAnswers, key).rows)
                record.answers.push_back({a.str(0), a.str(1)});
        return record;
    }
}

void OrderStore::finish_idempotent(const std::string& key, unsigned status, const std::string& body,
                                   const std::vector<IdempotencyAnswer>& answers) {
    if (answers.empty()) {
        db_.query(sql::kFinishIdempotent, key, static_cast<std::int64_t>(status), body);
        return;
    }
    // The answers first, while the key is still pending (kKeepIdempotentAnswer checks it): a
    // replay never finds the key done without them.
    db_.transaction([&](Connection& c) {
        for (const auto& a : answers) c.query(sql::kKeepIdempotentAnswer, key, a.language, a.body);
        c.query(sql::kFinishIdempotent, key, static_cast<std::int64_t>(status), body);
    });
}

void OrderStore::abandon_idempotent(const std::string& key) {
    db_.query(sql::kAbandonIdempotent, key);
}

std::string OrderStore::search_text_of(const Order& o) {
    return platform::normalize_for_search(o.reference + " " + o.email + " " + o.shipping_address.full_name);
}

std::pair<std::vector<Order>, std::int64_t> OrderStore::list(const OrderQuery& q) {
    std::vector<platform::db::Value> params;
    std::string where;
    auto add_condition = [&](std::string_view piece, platform::db::Value value) {
        params.push_back(std::move(value));
        where += (where.empty() ? " WHERE " : " AND ") + fmt::format(fmt::runtime(piece), params.size());
    };
    if (q.status) add_condition(sql::kWithStatus, *q.status);
    if (q.customer_id) add_condition(sql::kWithCustomer, *q.customer_id);
    if (q.text) {
        // Every word must appear in the reference, the e-mail or the name.
        auto normalized = platform::normalize_for_search(*q.text);
        std::size_t pos = 0;
        for (int words = 0; pos < normalized.size() && words < 8;) {
            auto end = normalized.find(' ', pos);
            if (end == std::string::npos) end = normalized.size();
            if (end > pos) {
                add_condition(sql::kMatchesWord,
                              fmt::format("%{}%", platform::escape_like(normalized.substr(pos, end - pos))));
                ++words;
            }
            pos = end + 1;
        }
    }
    auto conn = db_.acquire();
    auto total = conn->execute(std::string(sql::kCountOrders) + where, params)[0].i64(0);
    std::vector<Order> out;
    if (total == 0 || q.offset >= total) return {std::move(out), total};
    auto n = params.size();
    params.emplace_back(static_cast<std::int64_t>(q.limit));
    params.emplace_back(q.offset);
    for (const auto& r : conn->execute(fmt::format(fmt::runtime(sql::kListOrders), where, n + 1, n + 2), params).rows) {
        out.push_back(order_from(r));
        load_lines(*conn, out.back());
    }
    return {std::move(out), total};
}

int OrderStore::fill_search_text(int limit) {
    int filled = 0;
    for (const auto& r : db_.query(sql::kWithoutSearchText, limit).rows) {
        Order o;
        o.reference = r.str(0);
        o.email = r.str(1);
        std::vector<platform::FieldError> ignored;
        o.shipping_address = platform::address_from_json(boost::json::parse(r.str(2)), "", ignored);
        db_.query(sql::kSetSearchText, o.reference, search_text_of(o));
        ++filled;
    }
    return filled;
}

namespace {

std::string details_json(std::initializer_list<std::pair<const char*, std::string>> fields) {
    boost::json::object o;
    for (const auto& [k, v] : fields) o[k] = v;
    return boost::json::serialize(o);
}

void record_event(Connection& c, const std::string& reference, const std::string& at, const char* event,
                  const char* status, const Staff* by, const std::string& details) {
    c.query(sql::kInsertEvent, reference, at, event, status, by ? std::optional<std::string>(by->id) : std::nullopt,
            by ? std::optional<std::string>(by->email) : std::nullopt, details);
}

}  // namespace

bool OrderStore::ship(const std::string& reference, const std::string& carrier, const std::string& tracking,
                      const Staff& by) {
    return db_.transaction([&](Connection& c) {
        auto at = platform::now_iso();
        if (c.query(sql::kShip, reference, carrier, tracking, at).affected != 1) return false;
        record_event(c, reference, at, "shipped", "shipped", &by, details_json({{"carrier", carrier}, {"tracking", tracking}}));
        c.query(sql::kAddTask, reference, tasks::kEmailShipped, at);
        return true;
    });
}

bool OrderStore::deliver(const std::string& reference, const Staff& by) {
    return db_.transaction([&](Connection& c) {
        auto at = platform::now_iso();
        if (c.query(sql::kDeliver, reference, at).affected != 1) return false;
        record_event(c, reference, at, "delivered", "delivered", &by, "{}");
        c.query(sql::kAddTask, reference, tasks::kEmailDelivered, at);
        return true;
    });
}

bool OrderStore::cancel(const std::string& reference, const std::string& reason, const Staff& by) {
    return db_.transaction([&](Connection& c) {
        auto at = platform::now_iso();
        if (c.query(sql::kCancel, reference, at, reason).affected != 1) return false;
        record_event(c, reference, at, "cancelled", "cancelled", &by, details_json({{"reason", reason}}));
        // The intent on record before any of it is tried: the follow-up thread finishes what fails.
        for (const char* task : {tasks::kRefund, tasks::kReturnStock, tasks::kEmailCancelled})
            c.query(sql::kAddTask, reference, task, at);
        return true;
    });
}

std::optional<std::string> OrderStore::status_of(const std::string& reference) {
    auto rows = db_.query(sql::kStatusOf, reference);
    if (rows.empty()) return std::nullopt;
    return rows[0].str(0);
}

std::vector<OrderEvent> OrderStore::history(const std::string& reference) {
    std::vector<OrderEvent> out;
    for (const auto& r : db_.query(sql::kEventsOf, reference).rows)
        out.push_back({r.str(0), r.str(1), r.str(2), r.opt_str(3), r.opt_str(4), r.str(5)});
    return out;
}

std::vector<std::string> OrderStore::orders_with_tasks(int limit) {
    std::vector<std::string> out;
    for (const auto& r : db_.query(sql::kOrdersWithTasks, limit).rows) out.push_back(r.str(0));
    return out;
}

std::vector<std::string> OrderStore::tasks_of(const std::string& reference) {
    std::vector<std::string> out;
    for (const auto& r : db_.query(sql::kTasksOf, reference).rows) out.push_back(r.str(0));
    return out;
}

void OrderStore::end_task(const std::string& reference, const std::string& task) {
    db_.transaction([&](Connection& c) {
        if (c.query(sql::kEndTask, reference, task).affected != 1) return;  // done meanwhile (another replica)
        auto at = platform::now_iso();
        if (task == tasks::kRefund && c.query(sql::kRefunded, reference, at).affected == 1)
            record_event(c, reference, at, "refunded", "cancelled", nullptr, "{}");
        if (task == tasks::kReturnStock && c.query(sql::kStockReturned, reference, at).affected == 1)
            record_event(c, reference, at, "stock_returned", "cancelled", nullptr, "{}");
    });
}

}  // namespace rapidtrade::checkout
