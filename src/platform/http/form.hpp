#pragma once
// HTML form bodies (application/x-www-form-urlencoded), both ways, by Boost.URL: the query grammar
// of RFC 3986 with '+' for a space.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapidtrade::platform::http {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// Each key and value percent-encoded ("a b&c+" -> "a+b%26c%2B"), joined with '&'.
std::string form_encode(const FormFields& fields);
// The fields in their order, decoded; BadRequest{"body"} when a %XX is malformed or a decoded key
// or value is not valid UTF-8. A bare "&" (no key, no '=') is skipped.
FormFields form_decode(std::string_view body);

}  // namespace rapidtrade::platform::http
