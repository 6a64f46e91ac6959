#include "services/shipping/migrations.hpp"

#include <array>

namespace rapidtrade::shipping {
namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE shipments (
    tracking_id TEXT PRIMARY KEY,
    order_reference TEXT NOT NULL UNIQUE,
    service TEXT NOT NULL,
    country TEXT NOT NULL,
    cost_cents BIGINT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL
);
)sql";

constexpr std::array<platform::db::Migration, 1> kMigrations{{
    {1, "shipments", kV1, {}},
}};

}  // namespace

std::span<const platform::db::Migration> migrations() { return kMigrations; }

}  // namespace rapidtrade::shipping
