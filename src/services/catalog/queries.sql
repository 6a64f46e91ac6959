-- The catalog service's SQL, written once for SQLite and PostgreSQL: $1, $2... are bound at run time,
-- never formatted in. Each "-- name:" becomes a constant of services/catalog/sql.hpp (tools/codegen), the
-- comment lines just above it its comment. A fragment (no SELECT, INSERT...) is one fixed piece the
-- store puts together with others; only such pieces and $n numbers ever go into the text.

-- name: kFindProduct
SELECT p.id, p.name, p.description, p.price_cents, p.currency, p.stock, p.images FROM products p WHERE p.id = $1;

-- The product list is put together from the pieces below: what goes into the text is only these
-- fixed pieces and $n placeholder numbers; every value from the request is bound.
-- name: kCountProducts
SELECT COUNT(*) FROM products p;

-- {conditions} ORDER BY {order} LIMIT ${n} OFFSET ${n+1}
-- name: kListProducts
SELECT p.id, p.name, p.description, p.price_cents, p.currency, p.stock, p.images FROM products p{}
    ORDER BY {} LIMIT ${} OFFSET ${};

-- ${n}: a category slug
-- name: kInCategory
EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_slug = ${});

-- ${n}: %word% (LIKE-escaped)
-- name: kMatchesWord
p.search_text LIKE ${} ESCAPE '\';

-- name: kOrderFeatured
p.position ASC, p.id;

-- name: kOrderPriceAsc
p.price_cents ASC, p.id;

-- name: kOrderPriceDesc
p.price_cents DESC, p.id;

-- name: kOrderName
p.sort_name ASC, p.id;

-- name: kCategories
SELECT slug, name FROM categories ORDER BY position, slug;

-- What a page of products shows besides their own row, in one statement: each one's categories
-- ('c': slug, name, in the shop's order of categories) and its texts in other languages than
-- French ('t': language, name, description; issue 17).
-- {0}: one $n per product id (the same ones twice)
-- name: kDetailsOfProducts
SELECT pc.product_id, 'c', c.slug, c.name, NULL, c.position FROM product_categories pc
    JOIN categories c ON c.slug = pc.category_slug WHERE pc.product_id IN ({0})
UNION ALL
SELECT product_id, 't', language, name, description, 0 FROM product_translations WHERE product_id IN ({0})
    ORDER BY 2, 6, 3, 1;

-- name: kUpsertTranslation
INSERT INTO product_translations (product_id, language, name, description) VALUES ($1, $2, $3, $4)
    ON CONFLICT (product_id, language) DO UPDATE SET name = excluded.name, description = excluded.description;

-- name: kDeleteTranslation
DELETE FROM product_translations WHERE product_id = $1 AND language = $2;

-- name: kCategoryExists
SELECT 1 FROM categories WHERE slug = $1;

-- name: kInsertProduct
INSERT INTO products (id, name, description, price_cents, currency, stock, images, position, search_text,
    sort_name, created_at, updated_at)
    VALUES ($1, $2, $3, $4, 'EUR', $5, $6, (SELECT COALESCE(MAX(position), 0) + 1 FROM products), $7, $8, $9, $9);

-- name: kUpdateProduct
UPDATE products SET name = $2, description = $3, price_cents = $4, stock = $5, images = $6, search_text = $7,
    sort_name = $8, updated_at = $9 WHERE id = $1;

-- name: kDeleteProduct
DELETE FROM products WHERE id = $1;

-- name: kDeleteProductCategories
DELETE FROM product_categories WHERE product_id = $1;

-- name: kInsertProductCategory
INSERT INTO product_categories (product_id, category_slug) VALUES ($1, $2);

-- name: kUpsertCategory
INSERT INTO categories (slug, name, position) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING;

-- name: kFindCategory
SELECT slug, name FROM categories WHERE slug = $1;

-- last in the shop's order
-- name: kInsertCategory
INSERT INTO categories (slug, name, position)
    VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories));

-- name: kRenameCategory
UPDATE categories SET name = $2 WHERE slug = $1;

-- name: kProductsInCategory
SELECT COUNT(*) FROM product_categories WHERE category_slug = $1;

-- name: kDeleteCategory
DELETE FROM categories WHERE slug = $1;

-- name: kPhotoDescription
SELECT content_type, width, height, byte_count, sha256 FROM product_images WHERE product_id = $1;

-- name: kPhoto
SELECT content_type, width, height, byte_count, sha256, data_base64 FROM product_images WHERE product_id = $1;

-- name: kUpsertPhoto
INSERT INTO product_images (product_id, content_type, width, height, byte_count, sha256, data_base64, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (product_id) DO UPDATE SET
    content_type = excluded.content_type, width = excluded.width, height = excluded.height,
    byte_count = excluded.byte_count, sha256 = excluded.sha256, data_base64 = excluded.data_base64,
    updated_at = excluded.updated_at;

-- name: kProductImages
SELECT images FROM products WHERE id = $1;

-- name: kSetProductImages
UPDATE products SET images = $2, updated_at = $3 WHERE id = $1;

-- name: kTakeStock
UPDATE products SET stock = stock - $2, updated_at = $3 WHERE id = $1 AND stock >= $2;

-- name: kGiveStock
UPDATE products SET stock = stock + $2, updated_at = $3 WHERE id = $1;

-- name: kProductNameStock
SELECT name, stock FROM products WHERE id = $1;

-- name: kReservationLines
SELECT product_id, quantity, status FROM stock_reservations WHERE reservation_id = $1 ORDER BY product_id;

-- A reservation's line, unless the reservation has it already (a retry): nothing inserted then.
-- name: kInsertReservation
INSERT INTO stock_reservations (reservation_id, product_id, quantity, status, created_at)
    VALUES ($1, $2, $3, 'reserved', $4) ON CONFLICT (reservation_id, product_id) DO NOTHING;

-- name: kReleaseReservation
UPDATE stock_reservations SET status = 'released' WHERE reservation_id = $1 AND status = 'reserved';

-- name: kPromotion
SELECT code, percent_off, requires_login FROM promo_codes WHERE code_key = $1 AND active = 1;

-- name: kAnyProduct
SELECT 1 FROM products LIMIT 1;

-- The history (catalog_events): a write's entry, in its transaction.
-- name: kInsertEvent
INSERT INTO catalog_events (id, subject_kind, subject_id, seq, at, event, actor, staff_id, staff_email, details)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);

-- name: kCountEvents
SELECT COUNT(*) FROM catalog_events WHERE subject_kind = $1 AND subject_id = $2;

-- newest first
-- name: kEvents
SELECT at, event, actor, staff_id, staff_email, details FROM catalog_events WHERE subject_kind = $1 AND subject_id = $2
    ORDER BY seq DESC, id DESC LIMIT $3 OFFSET $4;

-- Every entry of one kind of subject (all the categories'), newest first.
-- name: kCountKindEvents
SELECT COUNT(*) FROM catalog_events WHERE subject_kind = $1;

-- name: kKindEvents
SELECT at, event, actor, staff_id, staff_email, details FROM catalog_events WHERE subject_kind = $1
    ORDER BY seq DESC, id DESC LIMIT $2 OFFSET $3;

-- Takes the product's row for the transaction before reading it: a concurrent write (a reservation's
-- stock) then waits, and the old values the history records are the ones this write replaces.
-- name: kLockProduct
UPDATE products SET updated_at = updated_at WHERE id = $1;

-- name: kLockCategory
UPDATE categories SET name = name WHERE slug = $1;
