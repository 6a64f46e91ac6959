#pragma once
// The handlers of /apis/emails/ (one file each; their routes: routes.txt) and the Context they share
// (platform/api_service.hpp).
#include <string>

#include "platform/service.hpp"
#include "services/email/routes.hpp"
#include "services/email/dispatcher.hpp"
#include "services/email/outbox.hpp"

namespace rapidtrade::email::handlers {

struct Context : platform::ServiceContext {
    Context(const platform::ServiceContext& service, platform::db::Database& db, boost::asio::thread_pool& workers);
    Outbox outbox;         // every message, sent or still to send
    Dispatcher dispatcher;  // sends the outbox over SMTP in the background
    std::string from;  // EMAIL_FROM, the sender of every message

    void start() { dispatcher.start(); }
    void stop() { dispatcher.stop(); }
};

}  // namespace rapidtrade::email::handlers
