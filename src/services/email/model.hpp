#pragma once
// A message as stored in the outbox and as answered.
#include <cstdint>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "platform/http/message.hpp"
#include "platform/i18n/language.hpp"
#include "services/email/mime.hpp"

namespace rapidtrade::email {

struct StoredMessage {
    Message message;
    std::string dedup_key;
    std::string status;  // queued, sent, failed
    std::int64_t attempts = 0;
    std::string last_error;
    std::string delivered_via;  // smtp or mailbox
    std::string created_at;
    std::string sent_at;
    std::string customer_id;  // whom the mail was sent for (a logged-in customer's order); empty for a guest
};

// Whether `m` is a message of an erased customer: every field erasure replaces holds its stand-in
// (contracts/erasure.hpp), not merely one that happens to read the same.
bool is_erased(const Message& m);

// The message as answered to a reader of `language`: what stands in for an erased customer's subject
// and text (stored in French, the same in every service) is said in that language, as the shop
// shows an erased customer's orders (services/frontend/order_view.cpp). Anything else as stored.
boost::json::object to_json(const StoredMessage& m, platform::i18n::Language language);

// A JSON answer holding messages, in the request's language (Accept-Language, French by default):
// said by Content-Language, and Vary: Accept-Language for the caches.
platform::http::Response answer_in(platform::i18n::Language language, unsigned status, const boost::json::value& body);

}  // namespace rapidtrade::email
