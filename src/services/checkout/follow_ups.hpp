#pragma once
// An order's follow-ups (its confirmation e-mail and its shipment, Saga::follow_up), off the
// answer's path, in two ways:
// - queue(), right after the answer: up to kDrainers tasks on the service's worker pool drain the
//   queue in batches, so orders placed while a batch runs share the next one, and its single commit;
// - a thread, from start() to stop(): every CHECKOUT_FOLLOWUP_MS, order attempts left half done are
//   undone (stock released, charge refunded: Saga::reconcile), any order still missing its
//   e-mail or shipment (a service was down, the process restarted) and placed at least one period
//   before is picked up again (a newer one is still in the drainers' queue: taking it too would do
//   its follow-ups twice, one by one, while the shop is busiest), and so is
//   any task a staff change left undone (a cancellation's refund and stock, its e-mails:
//   OrderChanges::finish_pending).
// What is still queued at stop() is dropped, not lost: its orders are pending in the database and
// the thread's scan picks them up after the restart.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

#include <boost/asio/thread_pool.hpp>

#include "platform/metrics.hpp"
#include "platform/periodic_task.hpp"
#include "services/checkout/order_changes.hpp"
#include "services/checkout/saga.hpp"
#include "services/checkout/store.hpp"

namespace rapidtrade::checkout {

class FollowUps {
public:
    FollowUps(OrderStore& store, Saga& saga, OrderChanges& changes, platform::Metrics& metrics,
              boost::asio::thread_pool& workers, std::chrono::milliseconds every);
    // Safe without start() or stop() (`rapidtrade migrate`, a failed start-up): stops what runs.
    ~FollowUps();

    // Schedules a new order's follow-ups on the worker pool.
    void queue(const Order& order);
    // Starts the periodic thread.
    void start();
    // Stops the thread and waits for it and for the batches in flight (the pool must still run).
    // Only the first call does anything.
    void stop();

private:
    static constexpr int kDrainers = 2;
    static constexpr std::size_t kBatch = 32;  // orders per drained batch (one commit)
    static constexpr int kScanBatch = 50;      // orders or attempts per round of the periodic scan

    void drain();
    void scan();

    OrderStore& store_;
    Saga& saga_;
    OrderChanges& changes_;
    platform::Metrics& metrics_;
    boost::asio::thread_pool& workers_;

    std::atomic<bool> stopping_{false};  // set first by stop(): the drainers and the scan leave early
    bool stopped_ = false;  // stop() already ran; only the caller of stop() (main, the destructor) touches it
    platform::PeriodicTask periodic_;   // the scan, every CHECKOUT_FOLLOWUP_MS

    std::mutex queue_mutex_;
    std::condition_variable drained_;
    std::deque<Order> queue_;
    int drainers_ = 0;
};

}  // namespace rapidtrade::checkout
