#pragma once
// Abandoned guest carts go away after CART_TTL_S. The sweep runs on cart creation, at most once a
// minute per replica: no thread of its own, and no cost on the other routes.
#include <chrono>
#include <mutex>

#include "services/cart/store.hpp"

namespace rapidtrade::cart {

class AbandonedCarts {
public:
    AbandonedCarts(CartStore& store, std::chrono::seconds after) : store_(store), after_(after) {}

    // Deletes the guest carts untouched for longer than `after`, unless it did so less than a minute ago.
    void sweep();

private:
    CartStore& store_;
    std::chrono::seconds after_;
    std::mutex mutex_;
    std::chrono::steady_clock::time_point last_sweep_{};
};

}  // namespace rapidtrade::cart
