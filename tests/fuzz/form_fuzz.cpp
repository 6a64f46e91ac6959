// The web shop's form decoding (frontend::read_form) on any body. A 400/415 (HttpError) is a clean
// refusal. Invariants: every key and value is valid UTF-8, and re-encoding the decoded form then
// decoding it again gives the same form (the decoder neither loses nor invents anything).
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "platform/errors.hpp"
#include "platform/text.hpp"
#include "services/frontend/forms.hpp"

namespace {

using rapidtrade::frontend::Form;

rapidtrade::platform::http::Request form_request(std::string body) {
    rapidtrade::platform::http::Request req;
    req.raw.method(boost::beast::http::verb::post);
    req.raw.set(boost::beast::http::field::content_type, "application/x-www-form-urlencoded");
    req.raw.body() = std::move(body);
    return req;
}

// Every byte but the unreserved ones as %XX: the simplest encoding the decoder must accept.
std::string encode(const std::string& s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "form_fuzz invariant broken: %s\n", what);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Form form;
    try {
        form = rapidtrade::frontend::read_form(form_request(std::string(reinterpret_cast<const char*>(data), size)));
    } catch (const rapidtrade::platform::HttpError&) {
        return 0;  // malformed or not UTF-8: refused with a 400, as it should be
    }
    std::string again;
    for (const auto& [key, value] : form) {
        if (!rapidtrade::platform::is_valid_utf8(key) || !rapidtrade::platform::is_valid_utf8(value))
            fail("a decoded key or value is not valid UTF-8");
        if (!again.empty()) again += '&';
        again += encode(key) + "=" + encode(value);
    }
    Form round_trip;
    try {
        round_trip = rapidtrade::frontend::read_form(form_request(again));
    } catch (const rapidtrade::platform::HttpError&) {
        fail("the re-encoded form is refused");
    }
    if (round_trip != form) fail("re-encoding and decoding again changes the form");
    return 0;
}
