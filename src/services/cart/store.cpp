#include "platform/clock.hpp"
#include "services/cart/store.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "platform/ids.hpp"

namespace rapidtrade::cart {

using platform::db::Connection;

namespace {


std::vector<Line> lines_of(Connection& c, const std::string& cart_id) {
    std::vector<Line> out;
    for (const auto& r : c.query("SELECT product_id, quantity FROM cart_lines WHERE cart_id = $1 ORDER BY added_at, product_id",
                                 cart_id).rows)
        out.push_back({r.str(0), r.i64(1)});
    return out;
}

}  // namespace

Cart CartStore::create(const std::optional<std::string>& customer_id) {
    Cart c{platform::random_token(18), customer_id, {}};
    auto now = platform::now_iso();
    db_.query("INSERT INTO carts (id, customer_id, created_at, updated_at) VALUES ($1, $2, $3, $3)", c.id, customer_id, now);
    return c;
}

std::optional<Cart> CartStore::find(const std::string& id) {
    // One statement for the cart and its lines (a cart is read twice per order: priced, then emptied).
    auto rows = db_.query("SELECT c.id, c.customer_id, l.product_id, l.quantity FROM carts c"
                          " LEFT JOIN cart_lines l ON l.cart_id = c.id WHERE c.id = $1 ORDER BY l.added_at, l.product_id",
                          id).rows;
    if (rows.empty()) return std::nullopt;
    Cart cart{rows[0].str(0), rows[0].opt_str(1), {}};
    for (const auto& r : rows)
        if (r.opt_str(2)) cart.lines.push_back({r.str(2), r.i64(3)});
    return cart;
}

std::optional<Cart> CartStore::latest_of_customer(const std::string& customer_id) {
    auto r = db_.query("SELECT id FROM carts WHERE customer_id = $1 ORDER BY updated_at DESC, id LIMIT 1", customer_id);
    if (r.empty()) return std::nullopt;
    return find(r[0].str(0));
}

void CartStore::set_quantity(const std::string& cart_id, const std::string& product_id, std::int64_t quantity) {
    db_.transaction([&](Connection& c) {
        auto now = platform::now_iso();
        if (quantity <= 0) {
            c.query("DELETE FROM cart_lines WHERE cart_id = $1 AND product_id = $2", cart_id, product_id);
        } else if (c.query("UPDATE cart_lines SET quantity = $3 WHERE cart_id = $1 AND product_id = $2", cart_id,
                           product_id, quantity).affected == 0) {
            c.query("INSERT INTO cart_lines (cart_id, product_id, quantity, added_at) VALUES ($1, $2, $3, $4)", cart_id,
                    product_id, quantity, now);
        }
        c.query("UPDATE carts SET updated_at = $2 WHERE id = $1", cart_id, now);
    });
}

void CartStore::empty(const std::string& cart_id) {
    db_.transaction([&](Connection& c) {
        c.query("DELETE FROM cart_lines WHERE cart_id = $1", cart_id);
        c.query("UPDATE carts SET updated_at = $2 WHERE id = $1", cart_id, platform::now_iso());
    });
}

void CartStore::merge(const std::string& into, const std::string& from, std::int64_t cap) {
    if (into == from) return;
    db_.transaction([&](Connection& c) {
        std::map<std::string, std::int64_t> merged;
        for (const auto& l : lines_of(c, into)) merged[l.product_id] += l.quantity;
        for (const auto& l : lines_of(c, from)) merged[l.product_id] += l.quantity;
        auto now = platform::now_iso();
        for (const auto& [product, qty] : merged) {
            auto q = std::min(qty, cap);
            if (c.query("UPDATE cart_lines SET quantity = $3 WHERE cart_id = $1 AND product_id = $2", into, product, q)
                    .affected == 0)
                c.query("INSERT INTO cart_lines (cart_id, product_id, quantity, added_at) VALUES ($1, $2, $3, $4)", into,
                        product, q, now);
        }
        c.query("DELETE FROM cart_lines WHERE cart_id = $1", from);
        c.query("UPDATE carts SET updated_at = $2 WHERE id IN ($1, $3)", into, now, from);
    });
}

std::int64_t CartStore::delete_abandoned(const std::string& cutoff) {
    return db_.transaction([&](Connection& c) {
        c.query("DELETE FROM cart_lines WHERE cart_id IN (SELECT id FROM carts WHERE customer_id IS NULL AND updated_at < $1)",
                cutoff);
        return c.query("DELETE FROM carts WHERE customer_id IS NULL AND updated_at < $1", cutoff).affected;
    });
}

}  // namespace rapidtrade::cart
