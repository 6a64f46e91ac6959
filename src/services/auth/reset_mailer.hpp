#pragma once
// Sends password reset e-mails off the request's thread. POST /apis/auth/password-reset only puts
// the e-mail address (and the language of its e-mail) in this queue and answers 202: whether an
// account exists is looked up here, later, so the answer (its status and its timing) says nothing
// about it. For an active account a reset link is created and the e-mail handed to the email
// service's outbox (which retries SMTP); for an unknown or disabled one nothing happens. Started
// and stopped by the service's start() and stop(); requests still queued at stop are dropped (the
// person asks again).
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "platform/http/client.hpp"
#include "platform/i18n/language.hpp"
#include "platform/metrics.hpp"
#include "platform/upstreams.hpp"
#include "services/auth/store.hpp"

namespace rapidtrade::auth {

struct ResetMailerOptions {
    std::chrono::seconds link_ttl{3600};           // PASSWORD_RESET_TTL_S
    std::string public_url = "http://localhost:8080";  // PUBLIC_URL: where the link points
    std::size_t max_queued = 1000;                 // beyond, requests are dropped (a flood)
};

class ResetMailer {
public:
    ResetMailer(AuthStore& store, platform::http::HttpClient& client, const platform::Upstreams& upstreams,
                platform::Metrics& metrics, ResetMailerOptions options);
    ~ResetMailer() { stop(); }
    void start();
    void stop();
    // Queues a reset for this (normalised) e-mail, its e-mail to be written in `language`; never
    // blocks, never says whether it exists.
    void request(std::string email, platform::i18n::Language language = platform::i18n::kDefaultLanguage);

private:
    void run();
    struct Request {
        std::string email;
        platform::i18n::Language language = platform::i18n::kDefaultLanguage;
    };
    void handle(const Request& request);
    void count(const char* outcome);

    AuthStore& store_;
    platform::http::HttpClient& client_;
    const platform::Upstreams& upstreams_;
    platform::Metrics& metrics_;
    ResetMailerOptions options_;
    std::mutex mutex_;
    std::condition_variable wakeup_;
    std::deque<Request> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace rapidtrade::auth
