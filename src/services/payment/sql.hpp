#pragma once
// The payment service's SQL ($n parameters, portable).
#include <string_view>

namespace rapidtrade::payment::sql {

constexpr std::string_view kInsertCharge =
    "INSERT INTO charges (id, idempotency_key, amount, currency, brand, last4, status, failure_reason,"
    " description, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
constexpr std::string_view kChargeByKey =
    "SELECT id, amount, currency, brand, last4, status, failure_reason, created_at FROM charges"
    " WHERE idempotency_key = $1";
constexpr std::string_view kFindCharge =
    "SELECT id, amount, currency, brand, last4, status, failure_reason, created_at FROM charges WHERE id = $1";
constexpr std::string_view kRefundCharge =
    "UPDATE charges SET status = 'refunded', refunded_at = $2 WHERE id = $1 AND status = 'succeeded'";

}  // namespace rapidtrade::payment::sql
