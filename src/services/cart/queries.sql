-- The cart service's SQL, written once for SQLite and PostgreSQL: $1, $2... are bound at run time,
-- never formatted in. Each "-- name:" becomes a constant of services/cart/sql.hpp (tools/codegen), the
-- comment lines just above it its comment. A fragment (no SELECT, INSERT...) is one fixed piece the
-- store puts together with others; only such pieces and $n numbers ever go into the text.

-- name: kInsertCart
INSERT INTO carts (id, customer_id, created_at, updated_at) VALUES ($1, $2, $3, $3);

-- One statement for the cart and its lines (read once per order, to price it).
-- name: kFindCart
SELECT c.id, c.customer_id, l.product_id, l.quantity FROM carts c
    LEFT JOIN cart_lines l ON l.cart_id = c.id WHERE c.id = $1 ORDER BY l.added_at, l.product_id;

-- name: kLatestCartOfCustomer
SELECT id FROM carts WHERE customer_id = $1 ORDER BY updated_at DESC, id LIMIT 1;

-- name: kTouchCart
UPDATE carts SET updated_at = $2 WHERE id = $1;

-- Who may see cart $1: anyone with its id for a guest cart, only customer $2 for a customer's
-- ($2 NULL, a guest, never matches a customer's cart). Its lines go if $2 may see it.
-- name: kDeleteLinesOf
DELETE FROM cart_lines WHERE cart_id = $1
    AND EXISTS (SELECT 1 FROM carts WHERE id = $1 AND (customer_id IS NULL OR customer_id = $2));

-- name: kCartOf
SELECT id FROM carts WHERE id = $1 AND (customer_id IS NULL OR customer_id = $2);

-- name: kDeleteCart
DELETE FROM carts WHERE id = $1;

-- Every cart of a customer (RGPD erasure); their lines go with them (ON DELETE CASCADE).
-- name: kDeleteCartsOfCustomer
DELETE FROM carts WHERE customer_id = $1;

-- name: kLines
SELECT product_id, quantity FROM cart_lines WHERE cart_id = $1 ORDER BY added_at, product_id;

-- name: kUpdateLine
UPDATE cart_lines SET quantity = $3 WHERE cart_id = $1 AND product_id = $2;

-- name: kInsertLine
INSERT INTO cart_lines (cart_id, product_id, quantity, added_at) VALUES ($1, $2, $3, $4);

-- name: kDeleteLine
DELETE FROM cart_lines WHERE cart_id = $1 AND product_id = $2;

-- name: kDeleteLines
DELETE FROM cart_lines WHERE cart_id = $1;

-- Guest carts untouched since $1 (an ISO-8601 time): their lines first, then the carts.
-- name: kDeleteAbandonedLines
DELETE FROM cart_lines WHERE cart_id IN (SELECT id FROM carts WHERE customer_id IS NULL AND updated_at < $1);

-- name: kDeleteAbandonedCarts
DELETE FROM carts WHERE customer_id IS NULL AND updated_at < $1;
