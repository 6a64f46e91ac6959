#pragma once
// The checkout's SQL, written once for SQLite and PostgreSQL ($n parameters, portable types).
#include <string_view>

namespace rapidtrade::checkout::sql {

// Orders: the column list of kFindOrder and kOrdersOfCustomer is the one OrderStore reads back.
constexpr std::string_view kInsertOrder =
    "INSERT INTO orders (reference, customer_id, email, status, shipping_address, subtotal, discount, shipping,"
    " total, promo_code, promo_percent, shipping_service, charge_id, card_brand, card_last4, cart_id, created_at,"
    " confirmation_queued) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 0)";
constexpr std::string_view kInsertOrderLine =
    "INSERT INTO order_lines (reference, position, product_id, name, unit_price, quantity, line_total)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr std::string_view kFindOrder =
    "SELECT reference, customer_id, email, status, shipping_address, subtotal, discount, shipping, total, promo_code,"
    " promo_percent, shipping_service, charge_id, card_brand, card_last4, tracking_id, cart_id, created_at"
    " FROM orders WHERE reference = $1";
constexpr std::string_view kOrdersOfCustomer =
    "SELECT reference, customer_id, email, status, shipping_address, subtotal, discount, shipping, total, promo_code,"
    " promo_percent, shipping_service, charge_id, card_brand, card_last4, tracking_id, cart_id, created_at"
    " FROM orders WHERE customer_id = $1 ORDER BY created_at DESC, reference LIMIT $2 OFFSET $3";
constexpr std::string_view kOrderLines =
    "SELECT product_id, name, unit_price, quantity, line_total FROM order_lines WHERE reference = $1 ORDER BY position";
constexpr std::string_view kCountOfCustomer = "SELECT COUNT(*) FROM orders WHERE customer_id = $1";

// Erasure of a customer's personal data (OrderStore::anonymise_customer): the orders stay, their
// e-mail and address replaced; so does the copy of each order kept as its Idempotency-Key's answer,
// found by its reference ($1: %"reference":"<13 digits>"%, digits only, no LIKE wildcard).
constexpr std::string_view kShippingAddressesOfCustomer =
    "SELECT reference, shipping_address FROM orders WHERE customer_id = $1 ORDER BY reference";
constexpr std::string_view kAnonymiseOrder = "UPDATE orders SET email = $2, shipping_address = $3 WHERE reference = $1";
constexpr std::string_view kOrderAnswersOf =
    "SELECT idempotency_key, response_body FROM idempotency_keys WHERE response_status = 201 AND response_body LIKE $1";
constexpr std::string_view kReplaceOrderAnswer =
    "UPDATE idempotency_keys SET response_body = $2 WHERE idempotency_key = $1";

// Follow-ups: the confirmation e-mail queued, the shipment's tracking id.
constexpr std::string_view kPendingFollowUps =
    "SELECT reference FROM orders WHERE confirmation_queued = 0 OR tracking_id IS NULL ORDER BY created_at LIMIT $1";
constexpr std::string_view kRecordConfirmationAndTracking =
    "UPDATE orders SET confirmation_queued = 1, tracking_id = $2 WHERE reference = $1";
constexpr std::string_view kRecordConfirmation = "UPDATE orders SET confirmation_queued = 1 WHERE reference = $1";
constexpr std::string_view kRecordTracking = "UPDATE orders SET tracking_id = $2 WHERE reference = $1";

// Order attempts (the saga's record of what may need undoing).
constexpr std::string_view kBeginAttempt =
    "INSERT INTO order_attempts (reference, started_at, idempotency_key) VALUES ($1, $2, $3)";
constexpr std::string_view kAttemptExists = "SELECT 1 FROM order_attempts WHERE reference = $1";
constexpr std::string_view kEndAttempt = "DELETE FROM order_attempts WHERE reference = $1";
constexpr std::string_view kAttemptsStartedBefore =
    "SELECT reference, COALESCE(idempotency_key, '') FROM order_attempts WHERE started_at < $1"
    " ORDER BY started_at LIMIT $2";

// Idempotency-Key records of POST /apis/orders/.
constexpr std::string_view kBeginIdempotent =
    "INSERT INTO idempotency_keys (idempotency_key, request_hash, status, created_at) VALUES ($1, $2, 'pending', $3)";
constexpr std::string_view kIdempotencyRecord =
    "SELECT request_hash, status, COALESCE(response_status, 0), COALESCE(response_body, '')"
    " FROM idempotency_keys WHERE idempotency_key = $1";
constexpr std::string_view kCompleteIdempotentWithOrder =
    "UPDATE idempotency_keys SET status = 'done', response_status = 201, response_body = $2 WHERE idempotency_key = $1";
constexpr std::string_view kFinishIdempotent =
    "UPDATE idempotency_keys SET status = 'done', response_status = $2, response_body = $3 WHERE idempotency_key = $1";
constexpr std::string_view kAbandonIdempotent =
    "DELETE FROM idempotency_keys WHERE idempotency_key = $1 AND status = 'pending'";

}  // namespace rapidtrade::checkout::sql
