#pragma once
// The handlers of /apis/payments/ (one file each; their routes: routes.txt) and the Context they share
// (platform/api_service.hpp). Every one needs the service API key: only the checkout charges and refunds.
#include "platform/service.hpp"
#include "services/payment/routes.hpp"
#include "services/payment/store.hpp"

namespace rapidtrade::payment::handlers {

struct Context : platform::ServiceContext {
    Context(const platform::ServiceContext& service, platform::db::Database& db, boost::asio::thread_pool& workers);
    ChargeStore store;
};

}  // namespace rapidtrade::payment::handlers
