#pragma once
// Finishes the erasures a service being down left unfinished: a thread, from start() to stop(),
// that every ERASURE_RETRY_MS runs the pending steps of each unfinished erasure again (their order
// of request) until every service confirmed its part. After a restart it picks up where the
// recorded steps stand.
#include <chrono>

#include "platform/periodic_task.hpp"
#include "services/customers/erasure_steps.hpp"
#include "services/customers/store.hpp"

namespace rapidtrade::customers {

class ErasureRetries {
public:
    ErasureRetries(CustomerStore& store, ErasureSteps& steps, std::chrono::milliseconds every)
        : store_(store), steps_(steps), thread_(every, [this] { round(); }) {}

    void start() { thread_.start(); }
    // Stops the thread and waits for the round in flight. Only the first call does anything.
    void stop() { thread_.stop(); }

private:
    static constexpr int kBatch = 50;  // erasures per round
    void round();

    CustomerStore& store_;
    ErasureSteps& steps_;
    platform::PeriodicTask thread_;  // last: stopped (joined) before the members its rounds use go
};

}  // namespace rapidtrade::customers
