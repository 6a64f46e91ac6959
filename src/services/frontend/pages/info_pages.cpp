// "En savoir plus", "Contact", and the local mailbox (when no SMTP_URL is set: the shop's built-in
// stand-in for the brief's MailCatcher).
#include "platform/errors.hpp"
#include "services/frontend/frontend.hpp"

namespace rapidtrade::frontend {

Response about_page(Frontend& f, const Request&, Session& s) {
    return f.views.page(s, "about", mustache::data{}, "En savoir plus | E-Design");
}

Response contact_page(Frontend& f, const Request&, Session& s) {
    return f.views.page(s, "contact", mustache::data{}, "Contact | E-Design");
}

Response mailbox_page(Frontend& f, const Request&, Session& s) {
    if (!f.mailbox_enabled) return not_found_page(f, s);
    auto res = f.api.get("email", "/apis/emails/?per_page=100");
    if (res.status != 200) throw platform::ServiceUnavailable("email");
    mustache::list messages;
    for (auto list = res.json(); const auto& m : list.at("items").as_array()) {
        mustache::data md;
        md.set("id", std::string(m.at("id").as_string()));
        md.set("to", std::string(m.at("to").as_string()));
        md.set("subject", std::string(m.at("subject").as_string()));
        auto created = std::string(m.at("created_at").as_string());
        md.set("date", created.substr(8, 2) + "/" + created.substr(5, 2) + "/" + created.substr(0, 4) + " " + created.substr(11, 5));
        messages.push_back(md);
    }
    mustache::data d;
    d.set("messages", messages);
    d.set("empty", flag(messages.empty()));
    return f.views.page(s, "mailbox", d, "Boîte mail | E-Design");
}

Response mailbox_message_page(Frontend& f, const Request& r, Session& s) {
    if (!f.mailbox_enabled) return not_found_page(f, s);
    auto res = f.api.get("email", "/apis/emails/" + r.param("id"));
    if (res.status != 200) return not_found_page(f, s);
    auto m = res.json().as_object();
    mustache::data d;
    for (const char* k : {"to", "from", "subject", "text", "status"}) d.set(k, std::string(m.at(k).as_string()));
    return f.views.page(s, "mail", d, std::string(m.at("subject").as_string()) + " | Boîte mail");
}

}  // namespace rapidtrade::frontend
