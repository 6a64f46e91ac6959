#pragma once
// Builds the RFC 5322 / MIME text of a message: multipart/alternative with a plain-text and an
// HTML part, UTF-8, base64 bodies and an RFC 2047 encoded subject.
#include <string>

namespace rapidtrade::email {

struct Message {
    std::string id;  // also the Message-ID local part
    std::string from;  // "RapidTrade Co. <no-reply@rapidtrade.example.fr>"
    std::string to;
    std::string subject;
    std::string text;
    std::string html;
};

std::string render_mime(const Message& m, const std::string& date_rfc5322);
// "Thu, 26 Nov 2026 04:02:49 +0000"
std::string rfc5322_date_now();
// The address part of "Name <addr>" (or the whole string).
std::string bare_address(const std::string& mailbox);

}  // namespace rapidtrade::email
