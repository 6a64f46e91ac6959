#include "services/email/mime.hpp"

#include <chrono>
#include <ctime>

#include "platform/encoding.hpp"

namespace rapidtrade::email {
namespace {

// Base64 wrapped at 76 characters per line, as MIME requires.
std::string base64_lines(std::string_view in) {
    auto b = platform::base64_encode(in);
    std::string out;
    for (std::size_t i = 0; i < b.size(); i += 76) out += b.substr(i, 76) + "\r\n";
    return out;
}

bool is_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80 || c == '\r' || c == '\n') return false;
    return true;
}

// Header values never carry raw line breaks (header injection).
std::string one_line(std::string s) {
    for (auto& c : s)
        if (c == '\r' || c == '\n') c = ' ';
    return s;
}

}  // namespace

std::string rfc5322_date_now() {
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    return buf;
}

std::string bare_address(const std::string& mailbox) {
    auto lt = mailbox.find('<'), gt = mailbox.find('>');
    if (lt != std::string::npos && gt != std::string::npos && gt > lt) return mailbox.substr(lt + 1, gt - lt - 1);
    return mailbox;
}

std::string render_mime(const Message& m, const std::string& date) {
    std::string boundary = "=_rapidtrade_" + m.id;
    std::string subject = is_ascii(m.subject) ? one_line(m.subject) : "=?UTF-8?B?" + platform::base64_encode(m.subject) + "?=";
    // one_line: the domain ends up in a header too (found by tests/fuzz/mime_fuzz).
    auto domain = one_line(bare_address(m.from).substr(bare_address(m.from).find('@') + 1));
    std::string out;
    out += "From: " + one_line(m.from) + "\r\n";
    out += "To: " + one_line(m.to) + "\r\n";
    out += "Subject: " + subject + "\r\n";
    out += "Date: " + date + "\r\n";
    out += "Message-ID: <" + m.id + "@" + domain + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
    out += "\r\n";
    out += "--" + boundary + "\r\n";
    out += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    out += base64_lines(m.text);
    out += "--" + boundary + "\r\n";
    out += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    out += base64_lines(m.html);
    out += "--" + boundary + "--\r\n";
    return out;
}

}  // namespace rapidtrade::email
