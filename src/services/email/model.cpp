#include "services/email/model.hpp"

namespace rapidtrade::email {

boost::json::object to_json(const StoredMessage& m) {
    boost::json::object o{{"id", m.message.id},       {"from", m.message.from},   {"to", m.message.to},
                          {"subject", m.message.subject}, {"text", m.message.text}, {"html", m.message.html},
                          {"status", m.status},        {"attempts", m.attempts},  {"created_at", m.created_at}};
    if (!m.dedup_key.empty()) o["dedup_key"] = m.dedup_key;
    if (!m.sent_at.empty()) o["sent_at"] = m.sent_at;
    if (!m.delivered_via.empty()) o["delivered_via"] = m.delivered_via;
    if (!m.last_error.empty()) o["last_error"] = m.last_error;
    return o;
}

}  // namespace rapidtrade::email
