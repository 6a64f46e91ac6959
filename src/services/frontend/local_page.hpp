#pragma once
// The page a form names to come back to (the language switch's `back` field): hostile, like any
// value of a form. Only a page of this shop is accepted, rebuilt from its decoded parts, so that no
// value can send the visitor to another site or end the Location header.
#include <optional>
#include <string>
#include <string_view>

#include "platform/http/target.hpp"

namespace rapidtrade::frontend {

// `back` if it is a local path of the shop, with an optional query: it begins with exactly one "/"
// (not "//evil", "/\evil", "https:..."), holds no control character (CR, LF, NUL...) nor
// backslash, not even percent-encoded, no fragment, no empty, "." or ".." segment, at most 2048 bytes, and parses as an
// origin-form target. Nothing otherwise.
std::optional<platform::http::Target> local_target(std::string_view back);
// The same as text (percent-encoded path and query), or "/" when `back` is not acceptable.
std::string local_page(std::string_view back);

}  // namespace rapidtrade::frontend
