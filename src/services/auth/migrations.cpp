#include "services/auth/migrations.hpp"

#include <array>

namespace rapidtrade::auth {
namespace {

// Times are Unix seconds (BIGINT): compared in SQL, identical on both back ends.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE credentials (
    customer_id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT 'customer',
    created_at BIGINT NOT NULL
);
CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    family_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'rotated', 'revoked')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_by_customer ON refresh_tokens (customer_id);
CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY,
    private_pem TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
)sql";

// Staff accounts can be disabled (NULL: active); password resets keep only their token's SHA-256.
constexpr std::string_view kV2 = R"sql(
ALTER TABLE credentials ADD COLUMN disabled_at BIGINT;
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX password_resets_by_customer ON password_resets (customer_id);
)sql";

constexpr std::array<platform::db::Migration, 2> kMigrations{{
    {1, "credentials, refresh tokens, signing keys", kV1, {}},
    {2, "disabled accounts, password resets", kV2, {}},
}};

}  // namespace

std::span<const platform::db::Migration> migrations() { return kMigrations; }

}  // namespace rapidtrade::auth
