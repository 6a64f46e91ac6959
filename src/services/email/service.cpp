#include "services/email/service.hpp"

#include <array>

#include <boost/url/parse.hpp>

#include "platform/auth/token_verifier.hpp"
#include "platform/db/migrations.hpp"
#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/paging.hpp"
#include "platform/validation.hpp"
#include "services/email/dispatcher.hpp"

namespace rapidtrade::email {
namespace {

using platform::http::Request;
using platform::http::Response;

constexpr std::string_view kV1 = R"sql(
CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    dedup_key TEXT UNIQUE,
    from_addr TEXT NOT NULL,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT,
    last_error TEXT,
    delivered_via TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX messages_due ON messages (status, next_attempt_at);
CREATE INDEX messages_by_recipient ON messages (to_addr, created_at);
)sql";
// Whom a message was sent for: a customer's mailbox shows only theirs (an address alone proves
// nothing: anyone may open an account with a guest's address).
constexpr std::string_view kV2 = R"sql(
ALTER TABLE messages ADD COLUMN customer_id TEXT;
CREATE INDEX messages_by_customer ON messages (customer_id, created_at);
)sql";
constexpr std::array<platform::db::Migration, 2> kMigrations{{{1, "outbox", kV1, {}}, {2, "messages by customer", kV2, {}}}};

class EmailService final : public platform::DatabaseService {
public:
    explicit EmailService(const platform::ServiceContext& ctx)
        : platform::DatabaseService(ctx, "email", migrations()),
          api_keys_(ctx.api_keys),
          tokens_(ctx.tokens),
          from_(ctx.env.string("EMAIL_FROM", "RapidTrade Co. <no-reply@rapidtrade.example.fr>")),
          outbox_(db()),
          dispatcher_(outbox_, smtp_from(ctx.env),
                      DispatcherOptions{ctx.env.millis("EMAIL_POLL_MS", std::chrono::milliseconds(500)),
                                        ctx.env.millis("EMAIL_RETRY_BASE_MS", std::chrono::milliseconds(1000)),
                                        static_cast<int>(ctx.env.integer("EMAIL_MAX_ATTEMPTS", 20, 1, 1000)),
                                        &ctx.metrics}),
          metrics_(ctx.metrics) {}
    ~EmailService() override { stop_workers(); }

    void seed() override { dispatcher_.start(); }  // after migrations, before serving

    void mount(platform::http::Router& router) override {
        router.mount("email", &workers())
            .post("/apis/emails/", [this](Request& r) { return enqueue(r); })
            .get("/apis/emails/", [this](Request& r) { return list(r); })
            .get("/apis/emails/{id}", [this](Request& r) { return get(r); });
    }

private:
    static std::optional<SmtpSender> smtp_from(const platform::Env& env) {
        auto url = env.get("SMTP_URL");
        if (!url) return std::nullopt;
        auto tls = env.choice("SMTP_TLS", "auto", {"auto", "required", "none"});
        try {
            return SmtpSender(*url, tls == "none"       ? SmtpTls::none
                                    : tls == "required" ? SmtpTls::required
                                                        : SmtpTls::automatic);
        } catch (const std::invalid_argument& e) {
            // The password stays out of the message: only the scheme and host are named.
            auto shown = boost::urls::parse_absolute_uri(*url);
            throw platform::ConfigError("SMTP_URL", shown ? std::string(shown->scheme()) + "://" + std::string(shown->host()) + "..." : "?",
                                        e.what());
        }
    }

    // POST /apis/emails/ {to, subject, text, html?, dedup_key?, customer_id?}: 202 queued, or 200 with the message
    // already queued under the same dedup key (one order, one confirmation).
    Response enqueue(Request& r) {
        platform::require_api_key(r, api_keys_);
        auto body = r.json_object();
        std::vector<platform::FieldError> errors;
        platform::reject_unknown_fields(body, {"to", "subject", "text", "html", "dedup_key", "customer_id"}, errors);
        auto to = platform::read_email(body, "to", errors);
        auto subject = platform::read_text(body, "subject", 1, 200, true, errors);
        auto text = platform::read_text(body, "text", 1, 100000, true, errors);
        auto html = platform::read_text(body, "html", 0, 500000, false, errors);
        auto dedup = platform::read_text(body, "dedup_key", 1, 200, false, errors);
        auto customer = platform::read_text(body, "customer_id", 1, 64, false, errors);
        platform::throw_if_any(errors);
        Message m{{}, from_, *to, *subject, *text, html.value_or("")};
        auto [stored, created] = outbox_.enqueue(m, dedup.value_or(""), customer.value_or(""));
        if (created) {
            metrics_.counter("rapidtrade_emails_total", "E-mails by delivery status", {{"status", "queued"}}).Increment();
            dispatcher_.wake();
        }
        return platform::http::json_response(created ? 202 : 200, to_json(stored));
    }

    // Whose mail the caller may read. The API key says which service calls, not for whom: with a
    // customer's token, only the mail sent for that customer (their orders' confirmations: not mail
    // to their address, which anyone may sign up with); with the key alone, the whole outbox
    // (operators, and the local mailbox in its explicit demo mode).
    std::optional<std::string> reader(const Request& r) {
        platform::require_api_key(r, api_keys_);
        if (r.header("Authorization").empty()) return std::nullopt;
        return platform::auth::require_bearer(r, tokens_).subject;
    }

    // GET /apis/emails/?to=...: for operators, and each customer's own mailbox.
    Response list(Request& r) {
        auto own = reader(r);
        auto paging = platform::parse_paging(r);
        MailFilter filter;
        if (own) filter.customer_id = *own;
        else filter.to = platform::normalize_email(r.query_param("to").value_or(""));
        boost::json::array items;
        for (const auto& m : outbox_.list(filter, paging.per_page, paging.offset())) items.push_back(to_json(m));
        return platform::http::json_response(200, platform::paged(std::move(items), paging, outbox_.count(filter)));
    }

    Response get(Request& r) {
        auto own = reader(r);
        const auto& id = r.param("id");
        auto m = platform::is_email_id(id) ? outbox_.find(id) : std::nullopt;
        if (!m || (own && m->customer_id != *own)) throw platform::NotFound("no message " + id);
        return platform::http::json_response(200, to_json(*m));
    }

    std::vector<std::string> api_keys_;
    platform::auth::TokenVerifier& tokens_;
    std::string from_;
    Outbox outbox_;
    Dispatcher dispatcher_;
    platform::Metrics& metrics_;
};

}  // namespace

std::span<const platform::db::Migration> migrations() { return kMigrations; }

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<EmailService>(context);
}

}  // namespace rapidtrade::email
