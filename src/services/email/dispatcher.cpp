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

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::start() { thread_ = std::thread([this] { run(); }); }

void Dispatcher::stop() {
    stopping_ = true;
    wake();
    if (thread_.joinable()) thread_.join();
}

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
        std::vector<std::string> to_mailbox;  // delivered, recorded as sent in one statement
        try {
            refresh_queue_age();
            write_pending();
            due = outbox_.claim_due(now_ms(), 60000, 20);
            for (std::size_t i = 0; i < due.size(); ++i) {
                if (stopping_) break;
                try {
                    deliver(due[i], to_mailbox);
                } catch (const std::exception&) {
                    // The database failed: this message's outcome and the others' claims wait.
                    if (sent_unrecorded_.empty() || sent_unrecorded_.back().first != due[i].message.id)
                        claims_to_release_.push_back(due[i].message.id);
                    for (std::size_t j = i + 1; j < due.size(); ++j) claims_to_release_.push_back(due[j].message.id);
                    throw;
                }
            }
            record_sent(to_mailbox, "mailbox");
        } catch (const std::exception& e) {
            // The database is unreachable: nothing is lost (messages stay queued); try again later.
            platform::log::warn("email_dispatch_failed", {{"error", e.what()}});
        }
        if (!due.empty()) continue;
        std::unique_lock lock(mutex_);
        bool woken = wakeup_.wait_for(lock, options_.poll, [this] { return pending_ || stopping_.load(); });
        if (woken && !stopping_) wakeup_.wait_for(lock, options_.gather, [this] { return stopping_.load(); });
        pending_ = false;
    }
}

void Dispatcher::refresh_queue_age() {
    if (options_.metrics == nullptr) return;
    auto now = std::chrono::steady_clock::now();
    if (now - queue_age_read_ < std::chrono::seconds(1)) return;
    options_.metrics
        ->gauge("rapidtrade_email_oldest_queued_age_seconds", "Age of the oldest e-mail still waiting to be sent")
        .Set(static_cast<double>(outbox_.oldest_queued_age_s(now_ms())));
    queue_age_read_ = now;
}

void Dispatcher::count(const char* status) {
    if (options_.metrics != nullptr)
        options_.metrics->counter("rapidtrade_emails_total", "E-mails by delivery status", {{"status", status}}).Increment();
}

void Dispatcher::write_pending() {
    while (!sent_unrecorded_.empty()) {
        outbox_.mark_sent(sent_unrecorded_.back().first, sent_unrecorded_.back().second);
        sent_unrecorded_.pop_back();
    }
    while (!claims_to_release_.empty()) {
        outbox_.release_claim(claims_to_release_.back());
        claims_to_release_.pop_back();
    }
}

void Dispatcher::record_sent(const std::string& id, const std::string& via) {
    try {
        outbox_.mark_sent(id, via);
    } catch (const std::exception&) {
        sent_unrecorded_.emplace_back(id, via);
        throw;
    }
}

void Dispatcher::record_sent(const std::vector<std::string>& ids, const std::string& via) {
    try {
        outbox_.mark_sent(ids, via);
    } catch (const std::exception&) {
        for (const auto& id : ids) sent_unrecorded_.emplace_back(id, via);
        throw;
    }
}

void Dispatcher::deliver(const StoredMessage& m, std::vector<std::string>& to_mailbox) {
    if (!smtp_) {
        count("sent");
        platform::log::info("email_delivered", {{"id", m.message.id}, {"via", "mailbox"}});
        to_mailbox.push_back(m.message.id);
        return;
    }
    auto result = smtp_->send(m.message);
    if (result.ok) {
        count("sent");
        platform::log::info("email_sent", {{"id", m.message.id}, {"attempt", m.attempts + 1}});
        record_sent(m.message.id, "smtp");
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
