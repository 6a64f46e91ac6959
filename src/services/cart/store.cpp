#include "services/cart/store.hpp"

#include <algorithm>
#include <map>

#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "services/cart/sql.hpp"

namespace rapidtrade::cart {

using platform::db::Connection;

namespace {

std::vector<Line> lines_of(Connection& c, const std::string& cart_id) {
    std::vector<Line> out;
    for (const auto& r : c.query(sql::kLines, cart_id).rows) out.push_back({r.str(0), r.i64(1)});
    return out;
}

}  // namespace

Cart CartStore::create(const std::optional<std::string>& customer_id) {
    Cart c{platform::random_token(18), customer_id, {}};
    db_.query(sql::kInsertCart, c.id, customer_id, platform::now_iso());
    return c;
}

std::optional<Cart> CartStore::find(const std::string& id) {
    auto rows = db_.query(sql::kFindCart, id).rows;
    if (rows.empty()) return std::nullopt;
    Cart cart{rows[0].str(0), rows[0].opt_str(1), {}};
    for (const auto& r : rows)
        if (r.opt_str(2)) cart.lines.push_back({r.str(2), r.i64(3)});
    return cart;
}

std::optional<Cart> CartStore::latest_of_customer(const std::string& customer_id) {
    auto r = db_.query(sql::kLatestCartOfCustomer, customer_id);
    if (r.empty()) return std::nullopt;
    return find(r[0].str(0));
}

std::int64_t CartStore::delete_of_customer(const std::string& customer_id) {
    return db_.query(sql::kDeleteCartsOfCustomer, customer_id).affected;
}

void CartStore::set_quantity(const std::string& cart_id, const std::string& product_id, std::int64_t quantity) {
    db_.transaction([&](Connection& c) {
        auto now = platform::now_iso();
        if (quantity <= 0) {
            c.query(sql::kDeleteLine, cart_id, product_id);
        } else if (c.query(sql::kUpdateLine, cart_id, product_id, quantity).affected == 0) {
            c.query(sql::kInsertLine, cart_id, product_id, quantity, now);
        }
        c.query(sql::kTouchCart, cart_id, now);
    });
}

bool CartStore::empty(const std::string& cart_id, const std::optional<std::string>& customer_id) {
    // One statement when the cart has lines (the checkout's case, once per order), which checks who
    // may itself. None deleted: the cart had none, or it is not theirs. It is not touched: a guest
    // cart expires CART_TTL_S after its lines last changed, emptied or not.
    if (db_.query(sql::kDeleteLinesOf, cart_id, customer_id).affected > 0) return true;
    return !db_.query(sql::kCartOf, cart_id, customer_id).empty();
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
            if (c.query(sql::kUpdateLine, into, product, q).affected == 0) c.query(sql::kInsertLine, into, product, q, now);
        }
        // The source goes (docs/api/openapi.yaml, mergeCarts): its lines first, as delete_abandoned
        // does, so nothing depends on the foreign key's cascade.
        c.query(sql::kDeleteLines, from);
        c.query(sql::kDeleteCart, from);
        c.query(sql::kTouchCart, into, now);
    });
}

std::int64_t CartStore::delete_abandoned(const std::string& cutoff) {
    return db_.transaction([&](Connection& c) {
        c.query(sql::kDeleteAbandonedLines, cutoff);
        return c.query(sql::kDeleteAbandonedCarts, cutoff).affected;
    });
}

}  // namespace rapidtrade::cart
