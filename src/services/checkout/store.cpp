#include "services/checkout/store.hpp"

#include <chrono>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "contracts/erasure.hpp"
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
    db_.transaction([&](Connection& c) {
        c.query(sql::kInsertOrder, o.reference, o.customer_id, o.email, o.status, boost::json::serialize(platform::to_json(o.shipping_address)),
                o.subtotal, o.discount, o.shipping, o.total, o.promo_code, o.promo_percent, o.shipping_service, o.charge_id,
                o.card_brand, o.card_last4, o.cart_id, o.created_at);
        for (std::size_t i = 0; i < o.lines.size(); ++i) {
            const auto& l = o.lines[i];
            c.query(sql::kInsertOrderLine, o.reference, static_cast<std::int64_t>(i), l.product_id, l.name, l.unit_price, l.quantity, l.line_total);
        }
        c.query(sql::kEndAttempt, o.reference);
        if (!idempotency_key.empty())
            c.query(sql::kCompleteIdempotentWithOrder, idempotency_key, boost::json::serialize(to_json(o)));
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

std::vector<std::string> OrderStore::pending_followups(int limit) {
    std::vector<std::string> out;
    for (const auto& r : db_.query(sql::kPendingFollowUps, limit).rows)
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
        return IdempotencyRecord{r[0].str(0), r[0].str(1), static_cast<unsigned>(r[0].i64(2)), r[0].str(3)};
    }
}

void OrderStore::finish_idempotent(const std::string& key, unsigned status, const std::string& body) {
    db_.query(sql::kFinishIdempotent, key, static_cast<std::int64_t>(status), body);
}

void OrderStore::abandon_idempotent(const std::string& key) {
    db_.query(sql::kAbandonIdempotent, key);
}

}  // namespace rapidtrade::checkout
