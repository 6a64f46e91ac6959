#include "platform/clock.hpp"
#include "services/customers/store.hpp"

#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "services/customers/sql.hpp"

namespace rapidtrade::customers {

using platform::db::Connection;
using platform::db::ConstraintViolation;
using platform::db::Row;

namespace {


Customer customer_from(const Row& r) { return {r.str(0), r.str(1), r.str(2), r.str(3), r.str(4)}; }

StoredAddress address_from(const Row& r) { return {r.str(0), {r.str(1), r.str(2), r.str(3), r.str(4), r.str(5)}}; }

}  // namespace

void CustomerStore::create(const Customer& c) {
    try {
        db_.query(sql::kInsertCustomer, c.id, c.email, c.first_name, c.last_name, c.created_at.empty() ? platform::now_iso() : c.created_at);
    } catch (const ConstraintViolation& e) {
        if (e.kind() == ConstraintViolation::Kind::unique)
            throw platform::Conflict("an account with this e-mail already exists");
        throw;
    }
}

std::optional<Customer> CustomerStore::find(const std::string& id) {
    auto r = db_.query(sql::kFindCustomer, id);
    if (r.empty()) return std::nullopt;
    return customer_from(r[0]);
}

std::optional<Customer> CustomerStore::update_names(const std::string& id, const std::string& first,
                                                    const std::string& last) {
    if (db_.query(sql::kUpdateNames, id, first, last, platform::now_iso()).affected == 0) return std::nullopt;
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
            throw platform::Unprocessable("addresses", "an address book holds at most " + std::to_string(kMaxAddresses) +
                                                           " addresses");
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
