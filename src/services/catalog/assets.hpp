#pragma once
// Files compiled into the binary from src/services/catalog/seed/ (products.json, images/*.svg).
#include <span>
#include <string>

#include "platform/embedded.hpp"
#include "platform/http/target.hpp"

namespace rapidtrade::catalog {

std::span<const platform::EmbeddedFile> embedded_files();

// Where the catalogue serves a product image it carries: /apis/products/images/<file>.
inline std::string image_url(const std::string& file) {
    return platform::http::Target{"apis", "products", "images", file}.encoded();
}

}  // namespace rapidtrade::catalog
