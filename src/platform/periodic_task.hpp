#pragma once
// A background thread that runs `round` every `every`, from start() to stop(): the shape of the
// services' retry loops (the checkout's follow-up scan, the customers' erasure retries), so each
// of them says only what a round does.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace rapidtrade::platform {

class PeriodicTask {
public:
    PeriodicTask(std::chrono::milliseconds every, std::function<void()> round)
        : every_(every), round_(std::move(round)) {}
    // Safe without start() or stop() (`rapidtrade migrate`, a failed start-up).
    ~PeriodicTask() { stop(); }
    PeriodicTask(const PeriodicTask&) = delete;
    PeriodicTask& operator=(const PeriodicTask&) = delete;

    void start();
    // Wakes the thread and waits for the round in flight. Only the first call does anything; only
    // the owner (main, a destructor) calls it.
    void stop();
    // Once stop() has begun: a long round checks it between steps to leave early.
    bool stopping() const { return stopping_.load(); }
    // The time between two rounds (a round may use it: what changed since the last one).
    std::chrono::milliseconds every() const { return every_; }

private:
    void run();

    std::chrono::milliseconds every_;
    std::function<void()> round_;
    std::atomic<bool> stopping_{false};
    bool stopped_ = false;
    std::mutex mutex_;
    std::condition_variable wakeup_;
    std::thread thread_;
};

}  // namespace rapidtrade::platform
