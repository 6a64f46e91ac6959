#pragma once
// Reads and validates a product body (POST creates, PATCH changes), collecting every field error.
#include <boost/json/object.hpp>

#include "services/catalog/model.hpp"

namespace rapidtrade::catalog {

enum class InputMode { create, update };

// Throws BadRequest listing each invalid or unknown field.
ProductChanges parse_product_input(const boost::json::object& body, InputMode mode);

}  // namespace rapidtrade::catalog
