-- A product's photo, uploaded by staff (PUT /apis/products/{id}/image), in the catalogue's own
-- database so that every replica serves it, on SQLite and PostgreSQL alike. The bytes are stored as
-- Base64 text: the database layer binds every value as text, and PostgreSQL text cannot hold a NUL
-- byte (every PNG has some). A bytea column would save a quarter of the space but needs binary
-- parameters and results in both back ends; a shop's few thousand photos do not need that.
-- sha256 names the photo's version in its URL.
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
