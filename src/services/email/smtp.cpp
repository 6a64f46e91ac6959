#include "services/email/smtp.hpp"

#include <curl/curl.h>

#include <cstring>
#include <stdexcept>

#include <boost/url/parse.hpp>
#include <fmt/format.h>

namespace rapidtrade::email {
namespace {

struct Upload {
    std::string data;
    std::size_t offset = 0;
};

std::size_t read_payload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* up = static_cast<Upload*>(user);
    std::size_t n = std::min(size * count, up->data.size() - up->offset);
    std::memcpy(buffer, up->data.data() + up->offset, n);
    up->offset += n;
    return n;
}

}  // namespace

SmtpSender::SmtpSender(std::string url, SmtpTls tls) : url_(std::move(url)) {
    auto parsed = boost::urls::parse_absolute_uri(url_);
    if (!parsed || (parsed->scheme() != "smtp" && parsed->scheme() != "smtps") || parsed->host().empty())
        throw std::invalid_argument("smtp://[user:password@]host:port or smtps://...");
    bool credentials = parsed->has_userinfo();
    bool implicit_tls = parsed->scheme() == "smtps";
    if (credentials && tls == SmtpTls::none && !implicit_tls)
        throw std::invalid_argument("smtps://, or SMTP_TLS=auto or required: credentials go only over TLS");
    if (implicit_tls || tls == SmtpTls::required || (credentials && tls == SmtpTls::automatic))
        use_ssl_ = CURLUSESSL_ALL;  // smtps: TLS from the start; smtp: STARTTLS or no session at all
    else if (tls == SmtpTls::none)
        use_ssl_ = CURLUSESSL_NONE;
    else
        use_ssl_ = CURLUSESSL_TRY;
}

SmtpResult SmtpSender::send(const Message& m) const {
    static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    if (!initialised) return {false, "libcurl could not initialise"};
    CURL* curl = curl_easy_init();
    if (curl == nullptr) return {false, "libcurl could not start a transfer"};
    Upload upload{render_mime(m, rfc5322_date_now())};
    // fmt rather than "<" + s + ">": GCC 12 warns falsely on the latter (-Wrestrict, its bug 105651).
    std::string from = fmt::format("<{}>", bare_address(m.from));
    std::string to = fmt::format("<{}>", bare_address(m.to));
    curl_slist* recipients = curl_slist_append(nullptr, to.c_str());
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_payload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_USE_SSL, use_ssl_);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (rc == CURLE_OK) return {true, {}};
    return {false, errbuf[0] ? std::string(errbuf) : curl_easy_strerror(rc)};
}

std::optional<SmtpSender> smtp_sender_from(const platform::Env& env) {
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

}  // namespace rapidtrade::email
