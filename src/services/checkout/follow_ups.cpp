#include "services/checkout/follow_ups.hpp"

#include <iterator>
#include <vector>

#include <boost/asio/post.hpp>

#include "platform/clock.hpp"
#include "platform/log.hpp"

namespace rapidtrade::checkout {

FollowUps::FollowUps(OrderStore& store, Saga& saga, OrderChanges& changes, platform::Metrics& metrics,
                     boost::asio::thread_pool& workers, std::chrono::milliseconds every)
    : store_(store), saga_(saga), changes_(changes), metrics_(metrics), workers_(workers),
      periodic_(every, [this] { scan(); }) {}

FollowUps::~FollowUps() { stop(); }

void FollowUps::queue(const Order& order) {
    bool start = false;
    {
        std::lock_guard lock(queue_mutex_);
        queue_.push_back(order);
        if (drainers_ < kDrainers) {
            ++drainers_;
            start = true;
        }
    }
    if (start) boost::asio::post(workers_, [this] { drain(); });
}

void FollowUps::drain() {
    for (;;) {
        std::vector<Order> batch;
        {
            std::lock_guard lock(queue_mutex_);
            // Stopping: what is queued is not lost, its orders are pending in the database and the
            // scan picks them up after the restart.
            if (queue_.empty() || stopping_) {
                if (stopping_) queue_.clear();
                if (--drainers_ == 0) drained_.notify_all();
                return;
            }
            auto n = std::min(queue_.size(), kBatch);
            batch.assign(std::make_move_iterator(queue_.begin()),
                         std::make_move_iterator(queue_.begin() + static_cast<std::ptrdiff_t>(n)));
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
        }
        try {
            saga_.follow_up(batch);
        } catch (const std::exception& e) {
            // Its orders stay pending for the scan; a drainer that left here would never be counted
            // out, and stop() would wait for it forever.
            platform::log::warn("followups_failed", {{"error", e.what()}});
        }
    }
}

void FollowUps::start() { periodic_.start(); }

void FollowUps::stop() {
    if (stopped_) return;
    stopped_ = true;
    stopping_ = true;
    periodic_.stop();
    // A batch in flight finishes (its calls to the other services still reach them); the drainers
    // then see stopping_ and leave.
    std::unique_lock lock(queue_mutex_);
    drained_.wait(lock, [this] { return drainers_ == 0; });
}

void FollowUps::scan() {
    try {
        if (auto undone = saga_.reconcile(kScanBatch); undone > 0)
            metrics_
                .counter("rapidtrade_order_attempts_undone_total",
                         "Failed order attempts whose stock and charge were given back after the fact")
                .Increment(undone);
    } catch (const std::exception& e) {
        platform::log::warn("reconciliation_failed", {{"error", e.what()}});
    }
    try {
        changes_.finish_pending(kScanBatch);
    } catch (const std::exception& e) {
        platform::log::warn("order_tasks_failed", {{"error", e.what()}});
    }
    try {
        // Batch after batch until the backlog is gone or a batch makes no progress. Only orders placed
        // a period ago or more: those since are the drainers' (a second late at most, as created_at
        // counts seconds), and an order the scan cannot finish is retried next round.
        auto placed_before = platform::iso_utc(std::chrono::system_clock::now() - periodic_.every());
        for (bool progress = true; progress && !stopping_;) {
            progress = false;
            auto batch = store_.pending_followups(placed_before, kScanBatch);
            for (const auto& ref : batch) {
                if (stopping_) break;
                if (auto order = store_.find(ref)) progress |= saga_.follow_up(*order);
            }
            progress &= batch.size() == static_cast<std::size_t>(kScanBatch);
        }
    } catch (const std::exception& e) {
        platform::log::warn("followups_failed", {{"error", e.what()}});
    }
}

}  // namespace rapidtrade::checkout
