#pragma once
#include "services/catalog/store.hpp"

namespace rapidtrade::catalog {

// First start: the brief's products and more in the same style, from seed/products.json (embedded).
// Categories are added when missing; products only into an empty catalogue.
void seed_catalog(CatalogStore& store);

}  // namespace rapidtrade::catalog
