#pragma once
// The handlers of /apis/products/ (one file each; their routes: routes.txt) and the Context they share
// (platform/api_service.hpp).
#include <prometheus/counter.h>

#include "platform/service.hpp"
#include "services/catalog/image_check.hpp"  // kMaxPhotoBytes, a route's body limit
#include "services/catalog/routes.hpp"
#include "services/catalog/store.hpp"

namespace rapidtrade::catalog::handlers {

struct Context : platform::ServiceContext {
    Context(const platform::ServiceContext& service, platform::db::Database& db, boost::asio::thread_pool& workers);
    CatalogStore store;
    prometheus::Counter& stock_outs;  // reservations refused for lack of stock
    platform::http::ReadCache cache;  // reads answered from memory; every write clears it (routes.txt)

    void seed();
};

}  // namespace rapidtrade::catalog::handlers
