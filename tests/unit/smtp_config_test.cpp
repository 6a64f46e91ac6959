// SMTP credentials never travel in clear: which SMTP_URL / SMTP_TLS combinations are refused.
#include <gtest/gtest.h>

#include <stdexcept>

#include "services/email/smtp.hpp"

using rapidtrade::email::SmtpSender;
using rapidtrade::email::SmtpTls;

TEST(SmtpConfig, CredentialsWithoutTlsAreRefused) {
    EXPECT_THROW(SmtpSender("smtp://user:secret@mail.example:587", SmtpTls::none), std::invalid_argument);
    try {
        SmtpSender("smtp://user:secret@mail.example:587", SmtpTls::none);
    } catch (const std::invalid_argument& e) {
        EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << "the password is never echoed";
    }
}

TEST(SmtpConfig, TlsOrNoCredentialsAreAccepted) {
    EXPECT_NO_THROW(SmtpSender("smtp://user:secret@mail.example:587", SmtpTls::automatic));  // STARTTLS required
    EXPECT_NO_THROW(SmtpSender("smtp://user:secret@mail.example:587", SmtpTls::required));
    EXPECT_NO_THROW(SmtpSender("smtps://user:secret@mail.example:465", SmtpTls::none));
    EXPECT_NO_THROW(SmtpSender("smtp://mailpit:1025", SmtpTls::none));
    EXPECT_NO_THROW(SmtpSender("smtp://mailpit:1025", SmtpTls::automatic));
}

TEST(SmtpConfig, OnlySmtpUrls) {
    for (const char* bad : {"http://mail.example", "smtp://", "mail.example:25", ""})
        EXPECT_THROW(SmtpSender(bad, SmtpTls::automatic), std::invalid_argument) << bad;
}
