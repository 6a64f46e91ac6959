#include "services/email/model.hpp"

#include "contracts/erasure.hpp"
#include "platform/http/problem.hpp"
#include "platform/i18n/messages.hpp"

namespace rapidtrade::email {

bool is_erased(const Message& m) {
    namespace erasure = contracts::erasure;
    return m.to == erasure::kEmail && m.subject == erasure::kSubject && m.text == erasure::kBody && m.html.empty();
}

boost::json::object to_json(const StoredMessage& m, platform::i18n::Language language) {
    bool erased = is_erased(m.message);
    auto subject = erased ? platform::i18n::message(language, "email.erased.subject") : m.message.subject;
    auto text = erased ? platform::i18n::message(language, "email.erased.body") : m.message.text;
    boost::json::object o{{"id", m.message.id},       {"from", m.message.from},   {"to", m.message.to},
                          {"subject", subject},       {"text", text},             {"html", m.message.html},
                          {"status", m.status},        {"attempts", m.attempts},  {"created_at", m.created_at}};
    if (!m.dedup_key.empty()) o["dedup_key"] = m.dedup_key;
    if (!m.sent_at.empty()) o["sent_at"] = m.sent_at;
    if (!m.delivered_via.empty()) o["delivered_via"] = m.delivered_via;
    if (!m.last_error.empty()) o["last_error"] = m.last_error;
    return o;
}

platform::http::Response answer_in(platform::i18n::Language language, unsigned status, const boost::json::value& body) {
    auto res = platform::http::json_response(status, body);
    platform::http::say_in(res, language);
    return res;
}

}  // namespace rapidtrade::email
