// "En savoir plus", "Contact", and the local mailbox (when no SMTP_URL is set: the shop's built-in
// stand-in for the brief's MailCatcher).
#include "platform/errors.hpp"
#include "platform/i18n/format.hpp"
#include "platform/ids.hpp"
#include "services/frontend/frontend.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;

Response about_page(Frontend& f, const Request&, Session& s) {
    return f.views.page(s, "about", mustache::data{}, msg(s, "shop.about.title") + " | E-Design");
}

Response contact_page(Frontend& f, const Request&, Session& s) {
    return f.views.page(s, "contact", mustache::data{}, msg(s, "shop.contact.title") + " | E-Design");
}

namespace {

// Whose mail the visitor may read: a customer their own (the e-mail service decides from their
// token), everyone's only in the explicit demo mode. Empty: nobody's (a guest, outside the demo).
std::optional<std::string> mail_reader_token(Frontend& f, Session& s) {
    if (f.mailbox == Mailbox::everyone) return std::string();
    refresh_if_needed(f, s);
    if (!s.logged_in()) return std::nullopt;
    return s.access_token;
}

// The e-mail service's delivery status (queued, sent, failed) in the reader's words; one it does not
// document is shown as it is (the template escapes it).
std::string delivery_status(const Session& s, std::string_view status) {
    for (std::string_view known : {"queued", "sent", "failed"})
        if (status == known) return msg(s, "shop.mail.state." + std::string(known));
    return std::string(status);
}

}  // namespace

Response mailbox_page(Frontend& f, const Request&, Session& s) {
    if (!f.mailbox_enabled()) return not_found_page(f, s);
    mustache::data d;
    d.set("demo", flag(f.mailbox == Mailbox::everyone));
    auto token = mail_reader_token(f, s);
    d.set("login_needed", flag(!token));
    if (!token) {
        d.set("empty", flag(true));
        return f.views.page(s, "mailbox", d, msg(s, "shop.mailbox.page_title") + " | E-Design");
    }
    auto res = f.api.get("email", Target{"apis", "emails"}.slash().query("per_page", 100), *token);
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.refused", {{"service", "email"}}));
    mustache::list messages;
    for (auto list = res.json(); const auto& m : list.at("items").as_array()) {
        mustache::data md;
        md.set("id", std::string(m.at("id").as_string()));
        md.set("to", std::string(m.at("to").as_string()));
        md.set("subject", std::string(m.at("subject").as_string()));
        md.set("date", platform::i18n::format_date_time(s.language, m.at("created_at").as_string()));
        messages.push_back(md);
    }
    d.set("messages", messages);
    d.set("empty", flag(messages.empty()));
    return f.views.page(s, "mailbox", d, msg(s, "shop.mailbox.page_title") + " | E-Design");
}

Response mailbox_message_page(Frontend& f, const Request& r, Session& s) {
    if (!f.mailbox_enabled() || !platform::is_email_id(r.param("id"))) return not_found_page(f, s);
    auto token = mail_reader_token(f, s);
    if (!token) return not_found_page(f, s);
    auto res = f.api.get("email", Target{"apis", "emails", r.param("id")}, *token);
    if (res.status != 200) return not_found_page(f, s);
    auto m = res.json().as_object();
    mustache::data d;
    for (const char* k : {"to", "from", "subject", "text"}) d.set(k, std::string(m.at(k).as_string()));
    d.set("status", delivery_status(s, m.at("status").as_string()));
    return f.views.page(s, "mail", d, std::string(m.at("subject").as_string()) + " | " + msg(s, "shop.mailbox.page_title"));
}

}  // namespace rapidtrade::frontend
