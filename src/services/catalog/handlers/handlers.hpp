#pragma once
// One function per endpoint of /apis/products/ (each in its own file).
#include <string>
#include <vector>

#include "platform/http/message.hpp"
#include "services/catalog/store.hpp"

namespace rapidtrade::catalog::handlers {

using platform::http::Request;
using platform::http::Response;

Response list_products(CatalogStore& store, const Request& request);
Response get_product(CatalogStore& store, const Request& request);
Response list_categories(CatalogStore& store, const Request& request);
Response get_image(const Request& request);
Response create_product(CatalogStore& store, const Request& request);
Response update_product(CatalogStore& store, const Request& request);
Response delete_product(CatalogStore& store, const Request& request);
Response reserve_stock(CatalogStore& store, const Request& request);
Response release_stock(CatalogStore& store, const Request& request);
Response get_promotion(CatalogStore& store, const Request& request);

}  // namespace rapidtrade::catalog::handlers
