#pragma once
// Identifiers: product ids are 10 upper-case letters/digits like the brief's OPUK6V6EV0; order
// references are 13 digits like 1478813299197. Both come from a CSPRNG so they cannot be guessed.
#include <string>
#include <string_view>

namespace rapidtrade::platform {

std::string random_id(std::size_t length = 10);  // [A-Z0-9]{length}
std::string random_digits(std::size_t length);    // first digit never 0
std::string random_token(std::size_t bytes);      // URL-safe base64 of `bytes` random bytes

// The shapes of the identifiers the services hand out, checked wherever one comes in from outside
// (web form, path, query, JSON, header) before it is used or passed on.
bool is_product_id(std::string_view s);          // [A-Z0-9]{10}
bool is_order_reference(std::string_view s);     // 13 digits, the first not 0
bool is_cart_id(std::string_view s);             // random_token(18): 24 URL-safe base64 characters
bool is_email_id(std::string_view s);            // [A-Z0-9]{20}
bool is_customer_id(std::string_view s);         // [A-Z0-9]{16}: random_id(16), the customers service's ids
bool is_random_token(std::string_view s, std::size_t bytes);  // what random_token(bytes) gives
bool is_promo_code(std::string_view s);          // 1 to 32 ASCII letters and digits (ViveLeDesign)
// An Idempotency-Key: 1 to 128 visible ASCII characters (no space, no control character).
bool is_idempotency_key(std::string_view s);

}  // namespace rapidtrade::platform
