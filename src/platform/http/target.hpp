#pragma once
// The target of a call to another service, built from typed parts: every path segment and every
// query key and value is percent-encoded by Boost.URL, so no value a visitor typed can add a
// segment, a query, a fragment, a header or a second request line. There is deliberately no way to
// build one from a raw target string.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <boost/url/url.hpp>

namespace rapidtrade::platform::http {

class Target {
public:
    // Target({"apis", "carts", cart_id, "lines"}) is "/apis/carts/<cart_id, encoded>/lines".
    // An empty, "." or ".." segment, or one that is not valid UTF-8, throws BadRequest (field
    // "path"): such a segment would change the path's meaning once normalised by a proxy.
    Target(std::initializer_list<std::string_view> segments);

    // Adds a segment after the constructor's.
    Target& segment(std::string_view value);
    // Ends the path with "/" ("/apis/products/": the collection routes).
    Target& slash();
    // Appends "key=value" to the query, both percent-encoded.
    Target& query(std::string_view key, std::string_view value);
    Target& query(std::string_view key, std::int64_t value);

    // The percent-encoded path and query, as sent on the request line.
    std::string encoded() const;

private:
    boost::urls::url url_;
};

// RFC 9110 field names are tokens; values may not hold CR, LF, NUL or any other control character
// but horizontal tab. The client refuses a header failing either before anything is sent.
bool is_valid_header_name(std::string_view name);
bool is_valid_header_value(std::string_view value);

}  // namespace rapidtrade::platform::http
