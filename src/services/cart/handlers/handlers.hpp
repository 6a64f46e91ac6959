#pragma once
// One function per endpoint of /apis/carts/. Every cart route is internal (API key). The key says
// which service calls, not for whom: a customer's cart opens only with that customer's token; a
// guest cart with its id, which only the guest's session holds (24 random characters).
#include <string>
#include <vector>

#include "platform/auth/token_verifier.hpp"
#include "platform/http/message.hpp"
#include "platform/metrics.hpp"
#include "services/cart/abandoned_carts.hpp"
#include "services/cart/pricing.hpp"
#include "services/cart/store.hpp"

namespace rapidtrade::cart::handlers {

using platform::http::Request;
using platform::http::Response;

struct Context {
    CartStore& store;
    Catalog& catalog;
    AbandonedCarts& abandoned;
    platform::auth::TokenVerifier& tokens;
    std::vector<std::string> api_keys;
    platform::Metrics& metrics;
};

// The path's cart, if the caller may open it (the API key, and the owner's token for a customer's
// cart); 404 otherwise, the same as for a cart that does not exist.
Cart load_cart(Context& ctx, const Request& request);
// The cart `id` as it is now, priced.
Response priced_answer(Context& ctx, unsigned status, const std::string& id);

Response create_cart(Context& ctx, const Request& request);  // POST   /apis/carts/
Response get_cart(Context& ctx, const Request& request);     // GET    /apis/carts/{id}
Response empty_cart(Context& ctx, const Request& request);   // DELETE /apis/carts/{id}
Response add_line(Context& ctx, const Request& request);     // POST   /apis/carts/{id}/lines
Response set_line(Context& ctx, const Request& request);     // PATCH  /apis/carts/{id}/lines/{product_id}
Response remove_line(Context& ctx, const Request& request);  // DELETE /apis/carts/{id}/lines/{product_id}
Response merge_carts(Context& ctx, const Request& request);  // POST   /apis/carts/{id}/merge
// DELETE /apis/carts/customers/{customer_id} (API key): every cart of the customer (RGPD erasure)
Response delete_customer_carts(Context& ctx, const Request& request);

}  // namespace rapidtrade::cart::handlers
