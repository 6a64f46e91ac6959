#pragma once
// Carts and their lines: only product ids and quantities. Prices are never stored here: a cart is
// priced from the catalogue each time it is shown.
#include <cstdint>
#include <optional>
#include <string>

#include "platform/db/database.hpp"
#include "services/cart/model.hpp"

namespace rapidtrade::cart {

class CartStore {
public:
    explicit CartStore(platform::db::Database& db) : db_(db) {}

    Cart create(const std::optional<std::string>& customer_id);
    std::optional<Cart> find(const std::string& id);
    std::optional<Cart> latest_of_customer(const std::string& customer_id);
    // Deletes every cart of the customer and their lines (RGPD erasure); returns how many.
    std::int64_t delete_of_customer(const std::string& customer_id);
    // Sets a line's quantity (0 removes it); touches the cart.
    void set_quantity(const std::string& cart_id, const std::string& product_id, std::int64_t quantity);
    // Empties the cart for `customer_id` (nullopt: a guest, who may empty only a guest cart), as
    // load_cart() would let them see it; false when there is no such cart for them (nothing done).
    // Its updated_at stays: emptying is not a sign of life that delays a guest cart's expiry.
    bool empty(const std::string& cart_id, const std::optional<std::string>& customer_id);
    // Moves every line of `from` into `into` (quantities added, capped at `cap`), then deletes `from`;
    // one transaction. Merging a cart into itself changes nothing.
    void merge(const std::string& into, const std::string& from, std::int64_t cap);
    // Anonymous carts untouched since `cutoff_iso` are deleted; returns how many.
    std::int64_t delete_abandoned(const std::string& cutoff_iso);

private:
    platform::db::Database& db_;
};

}  // namespace rapidtrade::cart
