#pragma once
// Finishes the erasures a service being down left unfinished: a thread, from start() to stop(),
// that every ERASURE_RETRY_MS runs the pending steps of each unfinished erasure again (their order
// of request) until every service confirmed its part. After a restart it picks up where the
// recorded steps stand.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "services/customers/erasure_steps.hpp"
#include "services/customers/store.hpp"

namespace rapidtrade::customers {

class ErasureRetries {
public:
    ErasureRetries(CustomerStore& store, ErasureSteps& steps, std::chrono::milliseconds every)
        : store_(store), steps_(steps), every_(every) {}
    // Safe without start() or stop() (`rapidtrade migrate`, a failed start-up).
    ~ErasureRetries() { stop(); }

    void start();
    // Stops the thread and waits for the round in flight. Only the first call does anything.
    void stop();

private:
    static constexpr int kBatch = 50;  // erasures per round
    void run();
    void round();

    CustomerStore& store_;
    ErasureSteps& steps_;
    std::chrono::milliseconds every_;

    std::atomic<bool> stopping_{false};
    bool stopped_ = false;
    std::mutex mutex_;
    std::condition_variable wakeup_;
    std::thread thread_;
};

}  // namespace rapidtrade::customers
