#include "services/cart/abandoned_carts.hpp"

#include "platform/clock.hpp"
#include "platform/log.hpp"

namespace rapidtrade::cart {

void AbandonedCarts::sweep() {
    auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex_);
        if (now - last_sweep_ < std::chrono::minutes(1) && last_sweep_.time_since_epoch().count() != 0) return;
        last_sweep_ = now;
    }
    auto cutoff = platform::iso_utc(std::chrono::system_clock::now() - after_);
    if (auto n = store_.delete_abandoned(cutoff); n > 0) platform::log::info("carts_expired", {{"count", n}});
}

}  // namespace rapidtrade::cart
