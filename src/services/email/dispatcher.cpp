#include "services/email/dispatcher.hpp"

#include <algorithm>

#include "platform/log.hpp"

namespace rapidtrade::email {
namespace {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

Dispatcher::Dispatcher(Outbox& outbox, std::optional<SmtpSender> smtp, DispatcherOptions options)
    : outbox_(outbox), smtp_(std::move(smtp)), options_(options) {}

Dispatcher::~Dispatcher() {
    stopping_ = true;
    wake();
    if (thread_.joinable()) thread_.join();
}

void Dispatcher::start() { thread_ = std::thread([this] { run(); }); }

void Dispatcher::wake() {
    {
        std::lock_guard lock(mutex_);
        pending_ = true;
    }
    wakeup_.notify_one();
}

void Dispatcher::run() {
    while (!stopping_) {
        std::vector<StoredMessage> due;
        try {
            if (options_.metrics != nullptr)
                options_.metrics
                    ->gauge("rapidtrade_email_oldest_queued_age_seconds", "Age of the oldest e-mail still waiting to be sent")
                    .Set(static_cast<double>(outbox_.oldest_queued_age_s(now_ms())));
            due = outbox_.claim_due(now_ms(), 60000, 20);
            for (const auto& m : due) {
                if (stopping_) break;
                deliver(m);
            }
        } catch (const std::exception& e) {
            // The database is unreachable: nothing is lost (messages stay queued); try again later.
            platform::log::warn("email_dispatch_failed", {{"error", e.what()}});
        }
        if (!due.empty()) continue;
        std::unique_lock lock(mutex_);
        wakeup_.wait_for(lock, options_.poll, [this] { return pending_ || stopping_.load(); });
        pending_ = false;
    }
}

void Dispatcher::count(const char* status) {
    if (options_.metrics != nullptr)
        options_.metrics->counter("rapidtrade_emails_total", "E-mails by delivery status", {{"status", status}}).Increment();
}

void Dispatcher::deliver(const StoredMessage& m) {
    if (!smtp_) {
        outbox_.mark_sent(m.message.id, "mailbox");
        count("sent");
        platform::log::info("email_delivered", {{"id", m.message.id}, {"via", "mailbox"}});
        return;
    }
    auto result = smtp_->send(m.message);
    if (result.ok) {
        outbox_.mark_sent(m.message.id, "smtp");
        count("sent");
        platform::log::info("email_sent", {{"id", m.message.id}, {"attempt", m.attempts + 1}});
        return;
    }
    auto attempts = m.attempts + 1;
    bool give_up = attempts >= options_.max_attempts;
    auto delay = std::min<std::int64_t>(options_.retry_base.count() << std::min<std::int64_t>(attempts - 1, 20), 300000);
    outbox_.mark_attempt_failed(m.message.id, result.error, now_ms() + delay, give_up);
    count(give_up ? "failed" : "retried");
    platform::log::warn(give_up ? "email_failed" : "email_retry",
                        {{"id", m.message.id}, {"attempt", attempts}, {"error", result.error}, {"retry_in_ms", delay}});
}

}  // namespace rapidtrade::email
