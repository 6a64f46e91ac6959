#include "platform/periodic_task.hpp"

namespace rapidtrade::platform {

void PeriodicTask::start() { thread_ = std::thread([this] { run(); }); }

void PeriodicTask::stop() {
    if (stopped_) return;
    stopped_ = true;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wakeup_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void PeriodicTask::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wakeup_.wait_for(lock, every_, [this] { return stopping_.load(); });
        if (stopping_) break;
        lock.unlock();
        round_();
        lock.lock();
    }
}

}  // namespace rapidtrade::platform
