#pragma once
// Delivers one message over SMTP with libcurl. SMTP_URL: smtp://host:port (STARTTLS when the
// server offers it), smtps://host:465 (TLS), credentials as smtp://user:password@host:587.
#include <string>

#include "services/email/mime.hpp"

namespace rapidtrade::email {

struct SmtpResult {
    bool ok = false;
    std::string error;  // for the outbox's last_error (never holds message content)
};

class SmtpSender {
public:
    explicit SmtpSender(std::string url) : url_(std::move(url)) {}
    SmtpResult send(const Message& m) const;

private:
    std::string url_;
};

}  // namespace rapidtrade::email
