#pragma once
// Delivers the outbox in the background: due messages are claimed, sent over SMTP (or, without
// SMTP_URL, kept as delivered to the shop's local mailbox), and failures retried with exponential
// backoff (EMAIL_RETRY_BASE_MS × 2^attempts, at most 5 minutes apart) up to EMAIL_MAX_ATTEMPTS.
// When the database fails mid-batch, what could not be written is kept in memory and written
// first once it answers again: a message sent is recorded as sent (not sent twice), and the
// batch's other claims are given back (not left waiting for their 60-second lease).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "platform/metrics.hpp"
#include "services/email/outbox.hpp"
#include "services/email/smtp.hpp"

namespace rapidtrade::email {

struct DispatcherOptions {
    std::chrono::milliseconds poll{500};
    std::chrono::milliseconds retry_base{1000};
    int max_attempts = 20;
    platform::Metrics* metrics = nullptr;  // e-mails sent/failed, age of the oldest queued one
    // Once woken by a new message, how long to let others join it: a burst of orders is then
    // claimed in one transaction instead of one poll and one commit per message.
    std::chrono::milliseconds gather{20};
};

class Dispatcher {
public:
    Dispatcher(Outbox& outbox, std::optional<SmtpSender> smtp, DispatcherOptions options);
    ~Dispatcher();  // stop(): safe whether or not start() ran
    void start();
    // Lets the message being sent finish (recorded as sent), then waits for the thread to end; what
    // is still queued stays in the outbox for the next start.
    void stop();
    void wake();  // a message was queued: no need to wait for the next poll

private:
    void run();
    // Sends over SMTP and records it; to the mailbox, adds it to `to_mailbox`, recorded by the
    // caller for the whole batch (record_sent) once the batch is through.
    void deliver(const StoredMessage& m, std::vector<std::string>& to_mailbox);
    void count(const char* status);
    // Throws while the database is down; then the rest waits for the next round.
    void write_pending();
    void record_sent(const std::string& id, const std::string& via);
    void record_sent(const std::vector<std::string>& ids, const std::string& via);
    // The oldest queued e-mail's age, read at most once a second: a query per dispatch round would
    // double the e-mail's statements under load, for a figure kept in whole seconds.
    void refresh_queue_age();

    Outbox& outbox_;
    std::optional<SmtpSender> smtp_;
    DispatcherOptions options_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable wakeup_;
    bool pending_ = false;
    std::thread thread_;
    // Only the dispatcher's thread touches these.
    std::vector<std::pair<std::string, std::string>> sent_unrecorded_;  // id, via
    std::vector<std::string> claims_to_release_;
    std::chrono::steady_clock::time_point queue_age_read_{};
};

}  // namespace rapidtrade::email
