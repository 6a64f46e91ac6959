#pragma once
// The handlers of /apis/carts/ (one file each; their routes: routes.txt) and the Context they share
// (platform/api_service.hpp). Every cart route is internal (API key). The key says which service calls, not
// for whom: a customer's cart opens only with that customer's token; a guest cart with its id, which only the
// guest's session holds (24 random characters).
#include <string>

#include "platform/service.hpp"
#include "services/cart/routes.hpp"
#include "services/cart/abandoned_carts.hpp"
#include "services/cart/pricing.hpp"
#include "services/cart/store.hpp"

namespace rapidtrade::cart::handlers {

struct Context : platform::ServiceContext {
    Context(const platform::ServiceContext& service, platform::db::Database& db, boost::asio::thread_pool& workers);
    CartStore store;
    Catalog catalog;          // prices and stock, asked of the catalogue service
    AbandonedCarts abandoned;  // carts left alone for CART_TTL_S go
};

// The path's cart, if the caller may open it (the API key, and the owner's token for a customer's
// cart); 404 otherwise, the same as for a cart that does not exist.
Cart load_cart(Context& ctx, const Request& request);
// The cart `id` as it is now, priced.
Response priced_answer(Context& ctx, unsigned status, const std::string& id);

}  // namespace rapidtrade::cart::handlers
