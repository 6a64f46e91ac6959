#include "services/customers/erasure_retries.hpp"

#include "platform/log.hpp"

namespace rapidtrade::customers {

void ErasureRetries::round() {
    try {
        for (const auto& id : store_.unfinished_erasures(kBatch)) {
            if (thread_.stopping()) break;
            steps_.advance(id);
        }
    } catch (const std::exception& e) {
        // The database itself: the next round tries again.
        platform::log::warn("erasure_retries_failed", {{"error", e.what()}});
    }
}

}  // namespace rapidtrade::customers
