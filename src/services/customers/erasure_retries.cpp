#include "services/customers/erasure_retries.hpp"

#include "platform/log.hpp"

namespace rapidtrade::customers {

void ErasureRetries::start() { thread_ = std::thread([this] { run(); }); }

void ErasureRetries::stop() {
    if (stopped_) return;
    stopped_ = true;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wakeup_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ErasureRetries::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wakeup_.wait_for(lock, every_, [this] { return stopping_.load(); });
        if (stopping_) break;
        lock.unlock();
        round();
        lock.lock();
    }
}

void ErasureRetries::round() {
    try {
        for (const auto& id : store_.unfinished_erasures(kBatch)) {
            if (stopping_) break;
            steps_.advance(id);
        }
    } catch (const std::exception& e) {
        // The database itself: the next round tries again.
        platform::log::warn("erasure_retries_failed", {{"error", e.what()}});
    }
}

}  // namespace rapidtrade::customers
