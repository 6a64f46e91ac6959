#pragma once
// Every statement of the cart service, bound ($1, $2...), never formatted.
#include <string_view>

namespace rapidtrade::cart::sql {

constexpr std::string_view kInsertCart =
    "INSERT INTO carts (id, customer_id, created_at, updated_at) VALUES ($1, $2, $3, $3)";
// One statement for the cart and its lines (a cart is read twice per order: priced, then emptied).
constexpr std::string_view kFindCart =
    "SELECT c.id, c.customer_id, l.product_id, l.quantity FROM carts c"
    " LEFT JOIN cart_lines l ON l.cart_id = c.id WHERE c.id = $1 ORDER BY l.added_at, l.product_id";
constexpr std::string_view kLatestCartOfCustomer =
    "SELECT id FROM carts WHERE customer_id = $1 ORDER BY updated_at DESC, id LIMIT 1";
constexpr std::string_view kTouchCart = "UPDATE carts SET updated_at = $2 WHERE id = $1";
constexpr std::string_view kDeleteCart = "DELETE FROM carts WHERE id = $1";
// Every cart of a customer (RGPD erasure); their lines go with them (ON DELETE CASCADE).
constexpr std::string_view kDeleteCartsOfCustomer = "DELETE FROM carts WHERE customer_id = $1";

constexpr std::string_view kLines =
    "SELECT product_id, quantity FROM cart_lines WHERE cart_id = $1 ORDER BY added_at, product_id";
constexpr std::string_view kUpdateLine = "UPDATE cart_lines SET quantity = $3 WHERE cart_id = $1 AND product_id = $2";
constexpr std::string_view kInsertLine =
    "INSERT INTO cart_lines (cart_id, product_id, quantity, added_at) VALUES ($1, $2, $3, $4)";
constexpr std::string_view kDeleteLine = "DELETE FROM cart_lines WHERE cart_id = $1 AND product_id = $2";
constexpr std::string_view kDeleteLines = "DELETE FROM cart_lines WHERE cart_id = $1";

// Guest carts untouched since $1 (an ISO-8601 time): their lines first, then the carts.
constexpr std::string_view kDeleteAbandonedLines =
    "DELETE FROM cart_lines WHERE cart_id IN (SELECT id FROM carts WHERE customer_id IS NULL AND updated_at < $1)";
constexpr std::string_view kDeleteAbandonedCarts = "DELETE FROM carts WHERE customer_id IS NULL AND updated_at < $1";

}  // namespace rapidtrade::cart::sql
