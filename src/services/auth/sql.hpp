#pragma once
// The auth service's SQL ($n parameters, portable).
#include <string_view>

namespace rapidtrade::auth::sql {

constexpr std::string_view kInsertCredential =
    "INSERT INTO credentials (customer_id, email, password_hash, roles, created_at) VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kCredentialByEmail =
    "SELECT customer_id, email, password_hash, roles, disabled_at, created_at FROM credentials WHERE email = $1";
constexpr std::string_view kCredentialById =
    "SELECT customer_id, email, password_hash, roles, disabled_at, created_at FROM credentials WHERE customer_id = $1";
// Staff accounts are the credentials with another role than customer's (filtered by role in C++).
constexpr std::string_view kNonCustomerCredentials =
    "SELECT customer_id, email, password_hash, roles, disabled_at, created_at FROM credentials"
    " WHERE roles <> 'customer' ORDER BY created_at, email";
constexpr std::string_view kDeleteCredential = "DELETE FROM credentials WHERE customer_id = $1";
constexpr std::string_view kDisableCredential =
    "UPDATE credentials SET disabled_at = $2 WHERE customer_id = $1 AND disabled_at IS NULL";
constexpr std::string_view kSetPassword = "UPDATE credentials SET password_hash = $2 WHERE customer_id = $1";

constexpr std::string_view kInsertPasswordReset =
    "INSERT INTO password_resets (token_hash, customer_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
constexpr std::string_view kPasswordResetByHash =
    "SELECT customer_id, expires_at, used_at FROM password_resets WHERE token_hash = $1";
// Used once: the row is claimed only if no one claimed it before (two confirmations race).
constexpr std::string_view kUsePasswordReset =
    "UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL";
// A new password makes every other reset link of the account useless.
constexpr std::string_view kUseAllPasswordResets =
    "UPDATE password_resets SET used_at = $2 WHERE customer_id = $1 AND used_at IS NULL";
constexpr std::string_view kPurgePasswordResets = "DELETE FROM password_resets WHERE expires_at < $1";

constexpr std::string_view kInsertRefresh =
    "INSERT INTO refresh_tokens (token_hash, family_id, customer_id, status, created_at, expires_at)"
    " VALUES ($1, $2, $3, 'active', $4, $5)";
constexpr std::string_view kRefreshByHash =
    "SELECT family_id, customer_id, status, expires_at FROM refresh_tokens WHERE token_hash = $1";
constexpr std::string_view kMarkRotated =
    "UPDATE refresh_tokens SET status = 'rotated' WHERE token_hash = $1 AND status = 'active'";
constexpr std::string_view kRevokeFamily =
    "UPDATE refresh_tokens SET status = 'revoked' WHERE family_id = $1 AND status <> 'revoked'";
constexpr std::string_view kRevokeCustomer =
    "UPDATE refresh_tokens SET status = 'revoked' WHERE customer_id = $1 AND status <> 'revoked'";
constexpr std::string_view kRevokeCustomerExceptFamily =
    "UPDATE refresh_tokens SET status = 'revoked' WHERE customer_id = $1 AND family_id <> $2 AND status <> 'revoked'";
constexpr std::string_view kPurgeExpired = "DELETE FROM refresh_tokens WHERE expires_at < $1";

constexpr std::string_view kSigningKeys = "SELECT kid, private_pem FROM signing_keys ORDER BY created_at, kid";
constexpr std::string_view kInsertSigningKey =
    "INSERT INTO signing_keys (kid, private_pem, created_at) VALUES ($1, $2, $3) ON CONFLICT (kid) DO NOTHING";

}  // namespace rapidtrade::auth::sql
