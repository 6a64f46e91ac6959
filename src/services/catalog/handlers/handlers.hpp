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
Response create_category(Context& ctx, const Request& request);  // POST   /apis/products/categories (key or staff)
Response update_category(Context& ctx, const Request& request);  // PATCH  /apis/products/categories/{slug} (idem)
Response delete_category(Context& ctx, const Request& request);  // DELETE /apis/products/categories/{slug} (idem)
Response get_image(Context& ctx, const Request& request);        // GET    /apis/products/images/{file}
Response get_product(Context& ctx, const Request& request);      // GET    /apis/products/{id}
Response create_product(Context& ctx, const Request& request);   // POST   /apis/products/ (API key or staff)
Response update_product(Context& ctx, const Request& request);   // PATCH  /apis/products/{id} (API key or staff)
Response delete_product(Context& ctx, const Request& request);   // DELETE /apis/products/{id} (API key or staff)
Response put_photo(Context& ctx, const Request& request);        // PUT    /apis/products/{id}/image (key or staff)
Response get_photo(Context& ctx, const Request& request);        // GET    /apis/products/{id}/image
Response reserve_stock(Context& ctx, const Request& request);    // POST   /apis/products/reservations (API key)
Response release_stock(Context& ctx, const Request& request);    // DELETE /apis/products/reservations/{id} (API key)
Response get_promotion(Context& ctx, const Request& request);    // GET    /apis/products/promotions/{code}

}  // namespace rapidtrade::catalog::handlers
