#pragma once
// Delivers the outbox in the background: due messages are claimed, sent over SMTP (or, without
// SMTP_URL, kept as delivered to the shop's local mailbox), and failures retried with exponential
// backoff (EMAIL_RETRY_BASE_MS × 2^attempts, at most 5 minutes apart) up to EMAIL_MAX_ATTEMPTS.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "platform/metrics.hpp"
#include "services/email/outbox.hpp"
#include "services/email/smtp.hpp"

namespace rapidtrade::email {

struct DispatcherOptions {
    std::chrono::milliseconds poll{500};
    std::chrono::milliseconds retry_base{1000};
    int max_attempts = 20;
    platform::Metrics* metrics = nullptr;  // e-mails sent/failed, age of the oldest queued one
};

class Dispatcher {
public:
    Dispatcher(Outbox& outbox, std::optional<SmtpSender> smtp, DispatcherOptions options);
    ~Dispatcher();
    void start();
    void wake();  // a message was queued: no need to wait for the next poll

private:
    void run();
    void deliver(const StoredMessage& m);
    void count(const char* status);

    Outbox& outbox_;
    std::optional<SmtpSender> smtp_;
    DispatcherOptions options_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable wakeup_;
    bool pending_ = false;
    std::thread thread_;
};

}  // namespace rapidtrade::email
