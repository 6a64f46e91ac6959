#include "services/catalog/migrations.hpp"

#include <array>

namespace rapidtrade::catalog {
namespace {

// search_text and sort_name are derived in C++ (normalize_for_search), so accent-insensitive search
// works the same on SQLite and PostgreSQL without extensions such as unaccent.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE categories (
    slug TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    position BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE products (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    price_cents BIGINT NOT NULL CHECK (price_cents >= 0),
    currency TEXT NOT NULL DEFAULT 'EUR',
    stock BIGINT NOT NULL CHECK (stock >= 0),
    images TEXT NOT NULL DEFAULT '[]',
    position BIGINT NOT NULL DEFAULT 0,
    search_text TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE product_categories (
    product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    category_slug TEXT NOT NULL REFERENCES categories(slug),
    PRIMARY KEY (product_id, category_slug)
);
CREATE INDEX product_categories_by_category ON product_categories (category_slug, product_id);
CREATE INDEX products_by_price ON products (price_cents, id);
CREATE INDEX products_by_name ON products (sort_name, id);
CREATE INDEX products_by_position ON products (position, id);
)sql";

// Stock reservations make the checkout's decrement atomic and undoable (compensation); promo
// codes are reference data of the catalogue (the brief's ViveLeDesign).
constexpr std::string_view kV2 = R"sql(
CREATE TABLE stock_reservations (
    reservation_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    status TEXT NOT NULL CHECK (status IN ('reserved', 'released')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (reservation_id, product_id)
);
CREATE TABLE promo_codes (
    code_key TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    percent_off BIGINT NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
    requires_login BIGINT NOT NULL DEFAULT 1,
    active BIGINT NOT NULL DEFAULT 1
);
INSERT INTO promo_codes (code_key, code, percent_off, requires_login, active) VALUES ('viveledesign', 'ViveLeDesign', 30, 1, 1);
)sql";

// A product's photo, uploaded by staff (PUT /apis/products/{id}/image), in the catalogue's own
// database so that every replica serves it, on SQLite and PostgreSQL alike. The bytes are stored as
// Base64 text: the database layer binds every value as text, and PostgreSQL text cannot hold a NUL
// byte (every PNG has some). A bytea column would save a quarter of the space but needs binary
// parameters and results in both back ends; a shop's few thousand photos do not need that.
// sha256 names the photo's version in its URL.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE product_images (
    product_id TEXT PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
    width BIGINT NOT NULL CHECK (width > 0),
    height BIGINT NOT NULL CHECK (height > 0),
    byte_count BIGINT NOT NULL CHECK (byte_count > 0),
    sha256 TEXT NOT NULL,
    data_base64 TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
)sql";

constexpr std::array<platform::db::Migration, 3> kMigrations{{
    {1, "products and categories", kV1, {}},
    {2, "stock reservations and promo codes", kV2, {}},
    {3, "product photos", kV3, {}},
}};

}  // namespace

std::span<const platform::db::Migration> migrations() { return kMigrations; }

}  // namespace rapidtrade::catalog
