#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "services/catalog/handlers/handlers.hpp"

namespace rapidtrade::catalog::handlers {

// DELETE /apis/products/{id} (API key): 204.
Response delete_product(CatalogStore& store, const Request& request) {
    const auto& id = request.param("id");
    if (!platform::is_product_id(id) || !store.remove(id)) throw platform::NotFound("no product with id " + id);
    return platform::http::empty_response(204);
}

}  // namespace rapidtrade::catalog::handlers
