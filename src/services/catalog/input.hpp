#pragma once
// Reads and validates a product body (POST creates, PATCH changes), collecting every field error.
#include <boost/json/object.hpp>

#include "services/catalog/model.hpp"

namespace rapidtrade::catalog {

enum class InputMode { create, update };

// Throws BadRequest listing each invalid or unknown field.
ProductChanges parse_product_input(const boost::json::object& body, InputMode mode);

// A category body: {"slug", "name"} to create one, {"name"} to rename one. Throws BadRequest.
Category parse_category_input(const boost::json::object& body, InputMode mode);
// Slugs are 1 to 64 lower-case ASCII letters, digits and inner hyphens ("salle-a-manger").
bool is_category_slug(const std::string& slug);

}  // namespace rapidtrade::catalog
