#include "services/auth/reset_mailer.hpp"

#include <boost/json/object.hpp>

#include "platform/encoding.hpp"
#include "platform/log.hpp"
#include "services/auth/reset_email.hpp"

namespace rapidtrade::auth {

using platform::http::Target;
using platform::http::Verb;

ResetMailer::ResetMailer(AuthStore& store, platform::http::HttpClient& client, const platform::Upstreams& upstreams,
                         platform::Metrics& metrics, ResetMailerOptions options)
    : store_(store), client_(client), upstreams_(upstreams), metrics_(metrics), options_(std::move(options)) {}

void ResetMailer::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void ResetMailer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        if (!queue_.empty()) platform::log::warn("password_resets_dropped", {{"count", queue_.size()}});
        queue_.clear();
    }
    wakeup_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ResetMailer::request(std::string email, platform::i18n::Language language) {
    {
        std::lock_guard lock(mutex_);
        if (queue_.size() >= options_.max_queued) {
            count("dropped");
            return;
        }
        queue_.push_back({std::move(email), language});
    }
    wakeup_.notify_one();
}

void ResetMailer::count(const char* outcome) {
    metrics_.counter("rapidtrade_password_resets_total", "Password reset requests, by what became of them",
                     {{"outcome", outcome}})
        .Increment();
}

void ResetMailer::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wakeup_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        auto next = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        try {
            handle(next);
        } catch (const std::exception& e) {
            count("failed");
            platform::log::warn("password_reset_not_sent", {{"error", e.what()}});
        }
        lock.lock();
    }
}

void ResetMailer::handle(const Request& request) {
    auto account = store_.by_email(request.email);
    if (!account || account->disabled) {
        count("no_account");
        return;
    }
    auto token = store_.start_password_reset(account->customer_id, options_.link_ttl);
    auto mail = password_reset_email(options_.public_url + "/mot-de-passe/nouveau?token=" + token, options_.link_ttl,
                                     request.language);
    // The dedup key names this link (its hash's start, never the token): a retried call queues one e-mail.
    boost::json::object body{{"to", account->email},
                             {"subject", mail.subject},
                             {"text", mail.text},
                             {"html", mail.html},
                             {"dedup_key", "password-reset-" + platform::sha256_hex(token).substr(0, 32)},
                             {"customer_id", account->customer_id}};
    auto res = client_.send_json(upstreams_.get("email"), Verb::post, Target{"apis", "emails"}.slash(), body);
    if (res.status != 202 && res.status != 200) {
        count("failed");
        platform::log::warn("password_reset_not_sent", {{"status", res.status}});
        return;
    }
    count("sent");
    platform::log::info("password_reset_sent", {{"customer_id", account->customer_id}});
}

}  // namespace rapidtrade::auth
