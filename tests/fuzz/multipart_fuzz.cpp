// platform::http multipart/form-data reading on any input: up to the first '\n' the Content-Type
// header, after it the body. A 400/415 (BadRequest, UnsupportedMediaType) is a clean refusal; any
// other exception is a bug. Invariants of what is accepted: the boundary is 1 to 70 of RFC 2046's
// characters; every part's name is non-empty, unique, valid UTF-8 without control characters (so is
// a file name), its Content-Type holds no CR, LF or NUL; the parts' bytes lie inside the body, in
// order, never holding CRLF + the delimiter; at most max_parts parts. And writing the parts out
// again (as a browser would) and reading them back gives the same parts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "platform/errors.hpp"
#include "platform/http/multipart.hpp"
#include "platform/text.hpp"

namespace {

using rapidtrade::platform::http::MultipartLimits;
using rapidtrade::platform::http::MultipartPart;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "multipart_fuzz invariant broken: %s\n", what);
    std::abort();
}

bool has_control(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
    return false;
}

// Small limits, so that the fuzzer reaches them.
MultipartLimits limits() {
    MultipartLimits l;
    l.max_parts = 4;
    l.max_header_bytes = 256;
    return l;
}

std::vector<MultipartPart> decode(std::string_view body, std::string_view boundary,
                                  MultipartLimits with = limits()) {
    try {
        return rapidtrade::platform::http::multipart_decode(body, boundary, with);
    } catch (const rapidtrade::platform::HttpError& e) {
        if (e.status() != 400) fail("a body refused with another status than 400");
        throw;
    }
}

std::string encode(const std::vector<MultipartPart>& parts, const std::string& boundary) {
    std::string out;
    for (const auto& p : parts) {
        out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
        if (p.filename) out += "; filename=\"" + *p.filename + "\"";
        out += "\r\n";
        if (!p.content_type.empty()) out += "Content-Type: " + p.content_type + "\r\n";
        out += "\r\n";
        out += p.body;
        out += "\r\n";
    }
    return out + "--" + boundary + "--\r\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    auto nl = input.find('\n');
    if (nl == std::string_view::npos) return 0;
    auto content_type = input.substr(0, nl);
    auto body = input.substr(nl + 1);

    std::string boundary;
    try {
        boundary = rapidtrade::platform::http::multipart_boundary(content_type);
    } catch (const rapidtrade::platform::HttpError& e) {
        if (e.status() != 400 && e.status() != 415) fail("a Content-Type refused with another status than 400/415");
        return 0;
    }
    if (boundary.empty() || boundary.size() > 70 || boundary.back() == ' ') fail("an invalid boundary accepted");
    if (has_control(boundary) || boundary.find_first_of("\";\\") != std::string::npos) fail("a boundary with a bad character");

    std::vector<MultipartPart> parts;
    try {
        parts = decode(body, boundary);
    } catch (const rapidtrade::platform::HttpError&) {
        return 0;
    }
    if (parts.size() > limits().max_parts) fail("more parts than the limit");
    const std::string next = "\r\n--" + boundary;
    const char* end_of_previous = body.data();
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto& p = parts[i];
        if (p.name.empty() || has_control(p.name) || !rapidtrade::platform::is_valid_utf8(p.name)) fail("a bad name");
        if (p.filename && (has_control(*p.filename) || !rapidtrade::platform::is_valid_utf8(*p.filename)))
            fail("a bad file name");
        if (p.content_type.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) fail("a bad Content-Type");
        for (std::size_t j = 0; j < i; ++j)
            if (parts[j].name == p.name) fail("a name given twice");
        if (p.body.data() < end_of_previous || p.body.data() + p.body.size() > body.data() + body.size())
            fail("a part's bytes outside the body or out of order");
        end_of_previous = p.body.data() + p.body.size();
        if (p.body.find(next) != std::string_view::npos) fail("a part holds the delimiter");
    }

    // Written out again and read back: the same parts. The headers written out may be a few bytes
    // longer than the ones read (a bare filename=x gets its quotes, a header its canonical name), so
    // a part's headers that were just under the limit get a little room.
    auto again = encode(parts, boundary);
    std::vector<MultipartPart> round_trip;
    auto roomier = limits();
    roomier.max_header_bytes += 64;
    try {
        round_trip = decode(again, boundary, roomier);
    } catch (const rapidtrade::platform::HttpError&) {
        fail("the parts written out again are refused");
    }
    if (round_trip.size() != parts.size()) fail("the round trip changes the number of parts");
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto& a = parts[i];
        const auto& b = round_trip[i];
        if (a.name != b.name || a.filename != b.filename || a.content_type != b.content_type || a.body != b.body)
            fail("the round trip changes a part");
    }
    return 0;
}
