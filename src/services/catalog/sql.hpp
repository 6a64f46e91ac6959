#pragma once
// The catalogue's SQL, written once for SQLite and PostgreSQL ($n parameters, portable types).
#include <string_view>

namespace rapidtrade::catalog::sql {

constexpr std::string_view kFindProduct =
    "SELECT p.id, p.name, p.description, p.price_cents, p.currency, p.stock, p.images FROM products p WHERE p.id = $1";

// The product list is put together from the pieces below: what goes into the text is only these
// fixed pieces and $n placeholder numbers; every value from the request is bound.
constexpr std::string_view kCountProducts = "SELECT COUNT(*) FROM products p";
constexpr std::string_view kListProducts =  // {conditions} ORDER BY {order} LIMIT ${n} OFFSET ${n+1}
    "SELECT p.id, p.name, p.description, p.price_cents, p.currency, p.stock, p.images FROM products p{}"
    " ORDER BY {} LIMIT ${} OFFSET ${}";
constexpr std::string_view kInCategory =  // ${n}: a category slug
    "EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_slug = ${})";
constexpr std::string_view kMatchesWord = "p.search_text LIKE ${} ESCAPE '\\'";  // ${n}: %word% (LIKE-escaped)
constexpr std::string_view kOrderFeatured = "p.position ASC, p.id";
constexpr std::string_view kOrderPriceAsc = "p.price_cents ASC, p.id";
constexpr std::string_view kOrderPriceDesc = "p.price_cents DESC, p.id";
constexpr std::string_view kOrderName = "p.sort_name ASC, p.id";
constexpr std::string_view kCategoriesOfProducts =  // {}: one $n per product id
    "SELECT pc.product_id, c.slug, c.name FROM product_categories pc JOIN categories c ON c.slug = pc.category_slug"
    " WHERE pc.product_id IN ({}) ORDER BY c.position, c.slug";

constexpr std::string_view kCategories = "SELECT slug, name FROM categories ORDER BY position, slug";
constexpr std::string_view kCategoryExists = "SELECT 1 FROM categories WHERE slug = $1";

constexpr std::string_view kInsertProduct =
    "INSERT INTO products (id, name, description, price_cents, currency, stock, images, position, search_text,"
    " sort_name, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, 'EUR', $5, $6, (SELECT COALESCE(MAX(position), 0) + 1 FROM products), $7, $8, $9, $9)";

constexpr std::string_view kUpdateProduct =
    "UPDATE products SET name = $2, description = $3, price_cents = $4, stock = $5, images = $6, search_text = $7,"
    " sort_name = $8, updated_at = $9 WHERE id = $1";

constexpr std::string_view kDeleteProduct = "DELETE FROM products WHERE id = $1";
constexpr std::string_view kDeleteProductCategories = "DELETE FROM product_categories WHERE product_id = $1";
constexpr std::string_view kInsertProductCategory =
    "INSERT INTO product_categories (product_id, category_slug) VALUES ($1, $2)";

constexpr std::string_view kUpsertCategory =
    "INSERT INTO categories (slug, name, position) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING";

constexpr std::string_view kFindCategory = "SELECT slug, name FROM categories WHERE slug = $1";
constexpr std::string_view kInsertCategory =  // last in the shop's order
    "INSERT INTO categories (slug, name, position)"
    " VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories))";
constexpr std::string_view kRenameCategory = "UPDATE categories SET name = $2 WHERE slug = $1";
constexpr std::string_view kProductsInCategory = "SELECT COUNT(*) FROM product_categories WHERE category_slug = $1";
constexpr std::string_view kDeleteCategory = "DELETE FROM categories WHERE slug = $1";

constexpr std::string_view kPhotoDescription =
    "SELECT content_type, width, height, byte_count, sha256 FROM product_images WHERE product_id = $1";
constexpr std::string_view kPhoto =
    "SELECT content_type, width, height, byte_count, sha256, data_base64 FROM product_images WHERE product_id = $1";
constexpr std::string_view kUpsertPhoto =
    "INSERT INTO product_images (product_id, content_type, width, height, byte_count, sha256, data_base64, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (product_id) DO UPDATE SET"
    " content_type = excluded.content_type, width = excluded.width, height = excluded.height,"
    " byte_count = excluded.byte_count, sha256 = excluded.sha256, data_base64 = excluded.data_base64,"
    " updated_at = excluded.updated_at";
constexpr std::string_view kProductImages = "SELECT images FROM products WHERE id = $1";
constexpr std::string_view kSetProductImages = "UPDATE products SET images = $2, updated_at = $3 WHERE id = $1";

constexpr std::string_view kTakeStock =
    "UPDATE products SET stock = stock - $2, updated_at = $3 WHERE id = $1 AND stock >= $2";
constexpr std::string_view kGiveStock = "UPDATE products SET stock = stock + $2, updated_at = $3 WHERE id = $1";
constexpr std::string_view kProductNameStock = "SELECT name, stock FROM products WHERE id = $1";
constexpr std::string_view kReservationLines =
    "SELECT product_id, quantity, status FROM stock_reservations WHERE reservation_id = $1 ORDER BY product_id";
constexpr std::string_view kInsertReservation =
    "INSERT INTO stock_reservations (reservation_id, product_id, quantity, status, created_at)"
    " VALUES ($1, $2, $3, 'reserved', $4)";
constexpr std::string_view kReleaseReservation =
    "UPDATE stock_reservations SET status = 'released' WHERE reservation_id = $1 AND status = 'reserved'";
constexpr std::string_view kPromotion =
    "SELECT code, percent_off, requires_login FROM promo_codes WHERE code_key = $1 AND active = 1";

constexpr std::string_view kAnyProduct = "SELECT 1 FROM products LIMIT 1";

}  // namespace rapidtrade::catalog::sql
