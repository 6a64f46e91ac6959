#include "platform/clock.hpp"
#include "services/customers/store.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include <boost/json/serialize.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/text.hpp"
#include "services/customers/sql.hpp"

namespace rapidtrade::customers {

using platform::db::Connection;
using platform::db::ConstraintViolation;
using platform::db::Row;

namespace {


void insert_event(Connection& c, const std::string& customer_id, const char* event, const platform::Actor& by,
                  const boost::json::object& details) {
    c.query(sql::kInsertEvent, platform::random_id(20), customer_id, platform::next_history_sequence(),
            platform::now_iso(), event, by.kind, by.staff_id, by.staff_email, boost::json::serialize(details));
}

Customer customer_from(const Row& r) { return {r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5)}; }

StoredAddress address_from(const Row& r) { return {r.str(0), {r.str(1), r.str(2), r.str(3), r.str(4), r.str(5)}}; }

}  // namespace

void CustomerStore::create(const Customer& c) {
    try {
        db_.query(sql::kInsertCustomer, c.id, c.email, c.first_name, c.last_name, c.created_at.empty() ? platform::now_iso() : c.created_at,
                  c.language.empty() ? std::string("fr") : c.language);
    } catch (const ConstraintViolation& e) {
        if (e.kind() == ConstraintViolation::Kind::unique)
            throw platform::Conflict(platform::Msg("api.account.email_taken"));
        throw;
    }
}

std::optional<Customer> CustomerStore::find(const std::string& id) {
    auto r = db_.query(sql::kFindCustomer, id);
    if (r.empty()) return std::nullopt;
    return customer_from(r[0]);
}

std::optional<Customer> CustomerStore::update_profile(const std::string& id, const std::string& first,
                                                      const std::string& last, const std::string& language) {
    if (db_.query(sql::kUpdateProfile, id, first, last, language, platform::now_iso()).affected == 0) return std::nullopt;
    return find(id);
}

bool CustomerStore::remove(const std::string& id) {
    return db_.transaction([&](Connection& c) { return c.query(sql::kDeleteCustomer, id).affected > 0; });
}

std::vector<Customer> CustomerStore::list(int limit, std::int64_t offset) {
    std::vector<Customer> out;
    for (const auto& r : db_.query(sql::kListCustomers, limit, offset).rows) out.push_back(customer_from(r));
    return out;
}

std::int64_t CustomerStore::count() { return db_.query(sql::kCountCustomers)[0].i64(0); }

namespace {

// %text% for LIKE, in lower case (ASCII: the database's lower() of SQLite folds no more), escaped.
std::string contains_pattern(const std::string& text) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    // fmt rather than "%" + s + "%": GCC 12 warns falsely (-Wrestrict, its bug 105651) on the latter.
    return fmt::format("%{}%", platform::escape_like(lower));
}

}  // namespace

std::vector<Customer> CustomerStore::search(const std::string& text, int limit, std::int64_t offset) {
    std::vector<Customer> out;
    for (const auto& r : db_.query(sql::kSearchCustomers, contains_pattern(text), limit, offset).rows)
        out.push_back(customer_from(r));
    return out;
}

std::int64_t CustomerStore::count_matching(const std::string& text) {
    return db_.query(sql::kCountMatching, contains_pattern(text))[0].i64(0);
}

bool CustomerStore::begin_erasure(const std::string& customer_id, const std::string& requested_by,
                                  const std::vector<std::string>& steps, const platform::Actor& by) {
    return db_.transaction([&](Connection& c) {
        if (c.query(sql::kDeleteCustomer, customer_id).affected == 0) return false;
        c.query(sql::kForgetErasure, customer_id);
        c.query(sql::kInsertErasure, customer_id, platform::now_iso(), requested_by);
        for (std::size_t i = 0; i < steps.size(); ++i)
            c.query(sql::kInsertErasureStep, customer_id, steps[i], static_cast<std::int64_t>(i));
        boost::json::array step_names;
        for (const auto& step : steps) step_names.emplace_back(step);
        insert_event(c, customer_id, "erasure_requested", by, {{"steps", std::move(step_names)}});
        return true;
    });
}

std::optional<Erasure> CustomerStore::erasure(const std::string& customer_id) {
    auto r = db_.query(sql::kFindErasure, customer_id);
    if (r.empty()) return std::nullopt;
    Erasure e{r[0].str(0), r[0].str(1), r[0].str(2), r[0].str(3), r[0].i64(4), r[0].str(5), {}};
    e.pending_steps = pending_erasure_steps(customer_id);
    return e;
}

std::vector<std::string> CustomerStore::pending_erasure_steps(const std::string& customer_id) {
    std::vector<std::string> out;
    for (const auto& r : db_.query(sql::kPendingErasureSteps, customer_id).rows) out.push_back(r.str(0));
    return out;
}

void CustomerStore::erasure_step_done(const std::string& customer_id, const std::string& step) {
    db_.query(sql::kErasureStepDone, customer_id, step, platform::now_iso());
}

bool CustomerStore::finish_erasure(const std::string& customer_id) {
    return db_.transaction([&](Connection& c) {
        if (c.query(sql::kFinishErasure, customer_id, platform::now_iso()).affected == 1)
            insert_event(c, customer_id, "erasure_finished", platform::Actor::service(), {});
        auto e = c.query(sql::kFindErasure, customer_id);
        return !e.empty() && !e[0].str(3).empty();
    });
}

void CustomerStore::record_event(const std::string& customer_id, const char* event, const platform::Actor& by,
                                 const boost::json::object& details) {
    db_.transaction([&](Connection& c) { insert_event(c, customer_id, event, by, details); });
}

CustomerHistoryPage CustomerStore::history_of(const std::string& customer_id, int limit, std::int64_t offset) {
    auto conn = db_.acquire();
    CustomerHistoryPage page;
    page.total = conn->query(sql::kCountEvents, customer_id)[0].i64(0);
    if (page.total == 0 || offset >= page.total) return page;
    for (const auto& r : conn->query(sql::kEvents, customer_id, static_cast<std::int64_t>(limit), offset).rows)
        page.items.push_back({r.str(0), r.str(1), r.str(2), r.opt_str(3), r.opt_str(4), r.str(5)});
    return page;
}

void CustomerStore::erasure_failed(const std::string& customer_id, const std::string& error) {
    db_.query(sql::kErasureFailed, customer_id, error);
}

std::vector<std::string> CustomerStore::unfinished_erasures(int limit) {
    std::vector<std::string> out;
    for (const auto& r : db_.query(sql::kUnfinishedErasures, limit).rows) out.push_back(r.str(0));
    return out;
}

std::vector<StoredAddress> CustomerStore::addresses(const std::string& customer_id) {
    std::vector<StoredAddress> out;
    for (const auto& r : db_.query(sql::kAddresses, customer_id).rows) out.push_back(address_from(r));
    return out;
}

std::optional<StoredAddress> CustomerStore::address(const std::string& customer_id, const std::string& id) {
    auto r = db_.query(sql::kAddress, customer_id, id);
    if (r.empty()) return std::nullopt;
    return address_from(r[0]);
}

StoredAddress CustomerStore::add_address(const std::string& customer_id, const platform::Address& a, std::string id) {
    if (id.empty()) id = platform::random_id(16);
    db_.transaction([&](Connection& c) {
        if (c.query(sql::kCountAddresses, customer_id)[0].i64(0) >= kMaxAddresses)
            throw platform::Unprocessable("addresses",
                                          platform::Msg("api.address.book_full", {{"max", std::to_string(kMaxAddresses)}}));
        c.query(sql::kInsertAddress, id, customer_id, a.full_name, a.street, a.city, a.postal_code, a.country, platform::now_iso());
    });
    return {id, a};
}

std::optional<StoredAddress> CustomerStore::replace_address(const std::string& customer_id, const std::string& id,
                                                            const platform::Address& a) {
    if (db_.query(sql::kReplaceAddress, customer_id, id, a.full_name, a.street, a.city, a.postal_code, a.country)
            .affected == 0)
        return std::nullopt;
    return StoredAddress{id, a};
}

bool CustomerStore::remove_address(const std::string& customer_id, const std::string& id) {
    return db_.query(sql::kDeleteAddress, customer_id, id).affected > 0;
}

}  // namespace rapidtrade::customers
