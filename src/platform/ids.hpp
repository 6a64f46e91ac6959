#pragma once
// Identifiers: product ids are 10 upper-case letters/digits like the brief's OPUK6V6EV0; order
// references are 13 digits like 1478813299197. Both come from a CSPRNG so they cannot be guessed.
#include <string>
#include <string_view>

namespace rapidtrade::platform {

std::string random_id(std::size_t length = 10);  // [A-Z0-9]{length}
std::string random_digits(std::size_t length);    // first digit never 0
std::string random_token(std::size_t bytes);      // URL-safe base64 of `bytes` random bytes
bool is_product_id(std::string_view s);

}  // namespace rapidtrade::platform
