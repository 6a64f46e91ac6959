#pragma once
// Delivers one message over SMTP with libcurl. SMTP_URL: smtp://host:port (STARTTLS when the
// server offers it), smtps://host:465 (TLS), credentials as smtp://user:password@host:587.
// Credentials never travel in clear: with them, STARTTLS is required (the send fails if the server
// does not offer it), and SMTP_TLS=none with credentials stops the service at start-up.
#include <optional>
#include <string>

#include "platform/config.hpp"
#include "services/email/mime.hpp"

namespace rapidtrade::email {

struct SmtpResult {
    bool ok = false;
    std::string error;  // for the outbox's last_error (never holds message content)
};

// SMTP_TLS: auto (STARTTLS when offered; required with credentials), required, none (plain text,
// for a local mail catcher; refused with credentials).
enum class SmtpTls { automatic, required, none };

class SmtpSender {
public:
    // Throws std::invalid_argument with the reason when the URL or the combination is refused.
    SmtpSender(std::string url, SmtpTls tls);
    SmtpResult send(const Message& m) const;

private:
    std::string url_;
    long use_ssl_;  // CURLOPT_USE_SSL
};

// The sender SMTP_URL and SMTP_TLS describe; nullopt without SMTP_URL (the local mailbox). Throws
// ConfigError, the password left out, when they are refused.
std::optional<SmtpSender> smtp_sender_from(const platform::Env& env);

}  // namespace rapidtrade::email
