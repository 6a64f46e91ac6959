#pragma once
// The auth service's SQL ($n parameters, portable).
#include <string_view>

namespace rapidtrade::auth::sql {

constexpr std::string_view kInsertCredential =
    "INSERT INTO credentials (customer_id, email, password_hash, roles, created_at) VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kCredentialByEmail =
    "SELECT customer_id, email, password_hash, roles FROM credentials WHERE email = $1";
constexpr std::string_view kCredentialById =
    "SELECT customer_id, email, password_hash, roles FROM credentials WHERE customer_id = $1";
constexpr std::string_view kDeleteCredential = "DELETE FROM credentials WHERE customer_id = $1";

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
constexpr std::string_view kPurgeExpired = "DELETE FROM refresh_tokens WHERE expires_at < $1";

constexpr std::string_view kSigningKeys = "SELECT kid, private_pem FROM signing_keys ORDER BY created_at, kid";
constexpr std::string_view kInsertSigningKey =
    "INSERT INTO signing_keys (kid, private_pem, created_at) VALUES ($1, $2, $3) ON CONFLICT (kid) DO NOTHING";

}  // namespace rapidtrade::auth::sql
