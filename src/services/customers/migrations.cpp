#include "services/customers/migrations.hpp"

#include <array>

namespace rapidtrade::customers {
namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE addresses (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    full_name TEXT NOT NULL,
    street TEXT NOT NULL,
    city TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    country TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX addresses_by_customer ON addresses (customer_id, created_at);
)sql";

// RGPD erasures (DELETE /apis/customers/{id} and /me): recorded in the same transaction that deletes
// the profile, then each step (another service's data) marked done once that service confirmed it,
// retried by ErasureRetries until none is left. What stays once finished: who asked and when, no
// personal data.
constexpr std::string_view kV2 = R"sql(
CREATE TABLE erasures (
    customer_id TEXT PRIMARY KEY,
    requested_at TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    finished_at TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX erasures_unfinished ON erasures (finished_at, requested_at);
CREATE TABLE erasure_steps (
    customer_id TEXT NOT NULL REFERENCES erasures(customer_id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    position BIGINT NOT NULL,
    done_at TEXT,
    PRIMARY KEY (customer_id, step)
);
)sql";

constexpr std::array<platform::db::Migration, 2> kMigrations{{
    {1, "customers and addresses", kV1, {}},
    {2, "erasures", kV2, {}},
}};

}  // namespace

std::span<const platform::db::Migration> migrations() { return kMigrations; }

}  // namespace rapidtrade::customers
