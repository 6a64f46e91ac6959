-- The auth service's SQL, written once for SQLite and PostgreSQL: $1, $2... are bound at run time,
-- never formatted in. Each "-- name:" becomes a constant of services/auth/sql.hpp (tools/codegen), the
-- comment lines just above it its comment. A fragment (no SELECT, INSERT...) is one fixed piece the
-- store puts together with others; only such pieces and $n numbers ever go into the text.

-- name: kInsertCredential
INSERT INTO credentials (customer_id, email, password_hash, roles, created_at, created_by)
    VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''));

-- name: kCredentialByEmail
SELECT customer_id, email, password_hash, roles, disabled_at, created_at, COALESCE(created_by, ''),
    COALESCE(disabled_by, '') FROM credentials WHERE email = $1;

-- name: kCredentialById
SELECT customer_id, email, password_hash, roles, disabled_at, created_at, COALESCE(created_by, ''),
    COALESCE(disabled_by, '') FROM credentials WHERE customer_id = $1;

-- Staff accounts are the credentials with another role than customer's (filtered by role in C++).
-- name: kNonCustomerCredentials
SELECT customer_id, email, password_hash, roles, disabled_at, created_at, COALESCE(created_by, ''),
    COALESCE(disabled_by, '') FROM credentials
    WHERE roles <> 'customer' ORDER BY created_at, email;

-- name: kDeleteCredential
DELETE FROM credentials WHERE customer_id = $1;

-- name: kDisableCredential
UPDATE credentials SET disabled_at = $2, disabled_by = $3 WHERE customer_id = $1 AND disabled_at IS NULL;

-- name: kSetPassword
UPDATE credentials SET password_hash = $2 WHERE customer_id = $1;

-- name: kInsertPasswordReset
INSERT INTO password_resets (token_hash, customer_id, created_at, expires_at) VALUES ($1, $2, $3, $4);

-- name: kPasswordResetByHash
SELECT customer_id, expires_at, used_at FROM password_resets WHERE token_hash = $1;

-- Used once: the row is claimed only if no one claimed it before (two confirmations race).
-- name: kUsePasswordReset
UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL;

-- A new password makes every other reset link of the account useless.
-- name: kUseAllPasswordResets
UPDATE password_resets SET used_at = $2 WHERE customer_id = $1 AND used_at IS NULL;

-- name: kPurgePasswordResets
DELETE FROM password_resets WHERE expires_at < $1;

-- name: kInsertRefresh
INSERT INTO refresh_tokens (token_hash, family_id, customer_id, status, created_at, expires_at)
    VALUES ($1, $2, $3, 'active', $4, $5);

-- name: kRefreshByHash
SELECT family_id, customer_id, status, expires_at FROM refresh_tokens WHERE token_hash = $1;

-- name: kMarkRotated
UPDATE refresh_tokens SET status = 'rotated' WHERE token_hash = $1 AND status = 'active';

-- name: kRevokeFamily
UPDATE refresh_tokens SET status = 'revoked' WHERE family_id = $1 AND status <> 'revoked';

-- name: kRevokeCustomer
UPDATE refresh_tokens SET status = 'revoked' WHERE customer_id = $1 AND status <> 'revoked';

-- name: kRevokeCustomerExceptFamily
UPDATE refresh_tokens SET status = 'revoked' WHERE customer_id = $1 AND family_id <> $2 AND status <> 'revoked';

-- name: kPurgeExpired
DELETE FROM refresh_tokens WHERE expires_at < $1;

-- name: kSigningKeys
SELECT kid, private_pem FROM signing_keys ORDER BY created_at, kid;

-- name: kInsertSigningKey
INSERT INTO signing_keys (kid, private_pem, created_at) VALUES ($1, $2, $3) ON CONFLICT (kid) DO NOTHING;
