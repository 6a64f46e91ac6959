#pragma once
// One function per endpoint of /apis/products/ (each in its own file, reservations together).
#include <string>
#include <vector>

#include <prometheus/counter.h>

#include "platform/auth/token_verifier.hpp"
#include "platform/http/message.hpp"
#include "services/catalog/store.hpp"

namespace rapidtrade::catalog::handlers {

using platform::http::Request;
using platform::http::Response;

// What the handlers share, looked up once when the service starts.
struct Context {
    CatalogStore& store;
    std::vector<std::string> api_keys;
    platform::auth::TokenVerifier& tokens;
    prometheus::Counter& stock_outs;  // reservations refused for lack of stock
};

Response list_products(Context& ctx, const Request& request);    // GET    /apis/products/
Response list_categories(Context& ctx, const Request& request);  // GET    /apis/products/categories
Response get_image(Context& ctx, const Request& request);        // GET    /apis/products/images/{file}
Response get_product(Context& ctx, const Request& request);      // GET    /apis/products/{id}
Response create_product(Context& ctx, const Request& request);   // POST   /apis/products/ (API key or admin)
Response update_product(Context& ctx, const Request& request);   // PATCH  /apis/products/{id} (API key or admin)
Response delete_product(Context& ctx, const Request& request);   // DELETE /apis/products/{id} (API key or admin)
Response reserve_stock(Context& ctx, const Request& request);    // POST   /apis/products/reservations (API key)
Response release_stock(Context& ctx, const Request& request);    // DELETE /apis/products/reservations/{id} (API key)
Response get_promotion(Context& ctx, const Request& request);    // GET    /apis/products/promotions/{code}

}  // namespace rapidtrade::catalog::handlers
