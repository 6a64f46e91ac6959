#pragma once
// multipart/form-data bodies (RFC 7578 over RFC 2046), as browsers send a form with a file input.
// Strict on purpose: the body comes from outside and carries megabytes, so anything a browser
// would not send (a missing closing delimiter, a folded or bare-CR/LF header line, a header block
// past its limit, a field named twice, an unknown disposition) is refused with a 4xx naming what
// is wrong, never guessed at.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapidtrade::platform::http {

struct MultipartPart {
    std::string name;                     // Content-Disposition's name: valid UTF-8, no control character
    std::optional<std::string> filename;  // as the client named the file (same checks); for display at
                                          // most, never a path: it may well be "../../x.png"
    std::string content_type;             // the part's Content-Type as sent ("" when absent: text)
    std::string_view body;                // the part's bytes, inside the body given to multipart_decode
};

struct MultipartLimits {
    std::size_t max_parts = 16;
    std::size_t max_header_bytes = 2048;  // one part's header block, its blank line included
};

// The boundary of a `multipart/form-data; boundary=...` Content-Type (type and parameter names in
// any case, the value bare or quoted). UnsupportedMediaType (415) for another media type;
// BadRequest (400, field "Content-Type") for a missing, empty, over 70 characters or otherwise
// invalid boundary (RFC 2046's bchars, not ending with a space), or a malformed parameter.
std::string multipart_boundary(std::string_view content_type);

// The parts of `body`, in their order. The body must start with the first delimiter ("--" boundary,
// no preamble) and end with the closing one ("--" boundary "--", then at most CRLF). BadRequest
// (400, field "body") when it does not, when a part's headers are malformed, over
// `max_header_bytes` or not valid UTF-8, when a part has no `Content-Disposition: form-data` with a
// name, when two parts share a name, or past `max_parts`. The parts' bodies point into `body`.
std::vector<MultipartPart> multipart_decode(std::string_view body, std::string_view boundary,
                                            const MultipartLimits& limits = {});

}  // namespace rapidtrade::platform::http
