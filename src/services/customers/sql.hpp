#pragma once
#include <string_view>

namespace rapidtrade::customers::sql {

constexpr std::string_view kInsertCustomer =
    "INSERT INTO customers (id, email, first_name, last_name, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)";
constexpr std::string_view kFindCustomer =
    "SELECT id, email, first_name, last_name, created_at FROM customers WHERE id = $1";
constexpr std::string_view kUpdateNames =
    "UPDATE customers SET first_name = $2, last_name = $3, updated_at = $4 WHERE id = $1";
constexpr std::string_view kDeleteCustomer = "DELETE FROM customers WHERE id = $1";
constexpr std::string_view kListCustomers =
    "SELECT id, email, first_name, last_name, created_at FROM customers ORDER BY created_at, id LIMIT $1 OFFSET $2";
constexpr std::string_view kCountCustomers = "SELECT COUNT(*) FROM customers";
// Staff search ($1: %text% in lower case, LIKE-escaped): the e-mail, or the name either way round.
constexpr std::string_view kSearchCustomers =
    "SELECT id, email, first_name, last_name, created_at FROM customers"
    " WHERE lower(email) LIKE $1 ESCAPE '\\' OR lower(first_name || ' ' || last_name) LIKE $1 ESCAPE '\\'"
    " OR lower(last_name || ' ' || first_name) LIKE $1 ESCAPE '\\' ORDER BY created_at, id LIMIT $2 OFFSET $3";
constexpr std::string_view kCountMatching =
    "SELECT COUNT(*) FROM customers"
    " WHERE lower(email) LIKE $1 ESCAPE '\\' OR lower(first_name || ' ' || last_name) LIKE $1 ESCAPE '\\'"
    " OR lower(last_name || ' ' || first_name) LIKE $1 ESCAPE '\\'";

constexpr std::string_view kAddresses =
    "SELECT id, full_name, street, city, postal_code, country FROM addresses WHERE customer_id = $1"
    " ORDER BY created_at, id";
constexpr std::string_view kAddress =
    "SELECT id, full_name, street, city, postal_code, country FROM addresses WHERE customer_id = $1 AND id = $2";
constexpr std::string_view kCountAddresses = "SELECT COUNT(*) FROM addresses WHERE customer_id = $1";
constexpr std::string_view kInsertAddress =
    "INSERT INTO addresses (id, customer_id, full_name, street, city, postal_code, country, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
constexpr std::string_view kReplaceAddress =
    "UPDATE addresses SET full_name = $3, street = $4, city = $5, postal_code = $6, country = $7"
    " WHERE customer_id = $1 AND id = $2";
constexpr std::string_view kDeleteAddress = "DELETE FROM addresses WHERE customer_id = $1 AND id = $2";


// Erasures (CustomerStore::begin_erasure and the steps after it).
// An earlier erasure of the same id: only the demo customer's fixed id comes back (seeded again at the
// next start); the new erasure replaces that record (its steps go with it).
constexpr std::string_view kForgetErasure = "DELETE FROM erasures WHERE customer_id = $1";
constexpr std::string_view kInsertErasure =
    "INSERT INTO erasures (customer_id, requested_at, requested_by) VALUES ($1, $2, $3)";
constexpr std::string_view kInsertErasureStep =
    "INSERT INTO erasure_steps (customer_id, step, position) VALUES ($1, $2, $3)";
constexpr std::string_view kFindErasure =
    "SELECT customer_id, requested_at, requested_by, COALESCE(finished_at, ''), attempts, COALESCE(last_error, '')"
    " FROM erasures WHERE customer_id = $1";
constexpr std::string_view kPendingErasureSteps =
    "SELECT step FROM erasure_steps WHERE customer_id = $1 AND done_at IS NULL ORDER BY position";
constexpr std::string_view kErasureStepDone =
    "UPDATE erasure_steps SET done_at = $3 WHERE customer_id = $1 AND step = $2 AND done_at IS NULL";
constexpr std::string_view kFinishErasure =
    "UPDATE erasures SET finished_at = $2, last_error = NULL WHERE customer_id = $1 AND finished_at IS NULL"
    " AND NOT EXISTS (SELECT 1 FROM erasure_steps WHERE customer_id = $1 AND done_at IS NULL)";
constexpr std::string_view kErasureFailed =
    "UPDATE erasures SET attempts = attempts + 1, last_error = $2 WHERE customer_id = $1";
constexpr std::string_view kUnfinishedErasures =
    "SELECT customer_id FROM erasures WHERE finished_at IS NULL ORDER BY requested_at, customer_id LIMIT $1";

}  // namespace rapidtrade::customers::sql
