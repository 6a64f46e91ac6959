#pragma once
// A message as stored in the outbox and as answered.
#include <cstdint>
#include <string>

#include <boost/json/object.hpp>

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

boost::json::object to_json(const StoredMessage& m);

}  // namespace rapidtrade::email
