-- search_text and sort_name are derived in C++ (normalize_for_search), so accent-insensitive search
-- works the same on SQLite and PostgreSQL without extensions such as unaccent.
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
