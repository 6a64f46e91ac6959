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

}  // namespace rapidtrade::customers::sql
