// The service client's request targets (platform/http/target): a few path segments, maybe a
// trailing slash, maybe one query key=value, split from the input by FuzzedDataProvider; and the
// header checks on the same strings. Invariants:
//  - segment() refuses exactly the empty, ".", ".." and non-UTF-8 segments; query() exactly non-UTF-8;
//  - the encoded target starts with '/', holds no byte < 0x21 nor 0x7f (nothing that could end the
//    request line or start a header), no '#', and a '?' exactly when a query was added, never in the
//    path (the query itself may hold '?', which RFC 3986 allows there);
//  - parse_origin_form, as the receiving server does, gives back the same decoded segments and the
//    same query key and value;
//  - a header name accepted is a token; a header value accepted holds no CR, LF or NUL.
#include <fuzzer/FuzzedDataProvider.h>

#include <boost/url/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "platform/errors.hpp"
#include "platform/http/target.hpp"
#include "platform/text.hpp"

namespace {

namespace http = rapidtrade::platform::http;
using rapidtrade::platform::is_valid_utf8;

[[noreturn]] void fail(const char* what, const std::string& target) {
    std::fprintf(stderr, "target_fuzz invariant broken: %s (target: %s)\n", what, target.c_str());
    std::abort();
}

void check_headers(const std::string& s) {
    if (http::is_valid_header_name(s) &&
        (s.empty() || s.find_first_of(":; \t\r\n\"(),/<=>?@[\\]{}") != std::string::npos))
        fail("a header name that is not a token is accepted", s);
    for (unsigned char c : s)
        if (http::is_valid_header_value(s) && ((c < 0x20 && c != '\t') || c == 0x7f))
            fail("a header value with a control character is accepted", s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    int count = in.ConsumeIntegralInRange<int>(0, 4);
    bool slash = in.ConsumeBool();
    bool with_query = in.ConsumeBool();
    std::vector<std::string> segments;
    for (int i = 0; i < count; ++i) segments.push_back(in.ConsumeRandomLengthString(64));
    std::string key = in.ConsumeRandomLengthString(64);
    std::string value = in.ConsumeRemainingBytesAsString();

    http::Target target(std::initializer_list<std::string_view>{});
    std::vector<std::string> accepted;
    for (const auto& s : segments) {
        bool bad = s.empty() || s == "." || s == ".." || !is_valid_utf8(s);
        try {
            target.segment(s);
            if (bad) fail("a bad segment is accepted", s);
            accepted.push_back(s);
        } catch (const rapidtrade::platform::BadRequest&) {
            if (!bad) fail("a good segment is refused", s);
        }
    }
    // As the services use it: after at least one segment ("/apis/products/").
    if (slash && !accepted.empty()) {
        target.slash();
        accepted.emplace_back();
    }
    bool query_added = false;
    if (with_query) {
        bool bad = !is_valid_utf8(key) || !is_valid_utf8(value);
        try {
            target.query(key, value);
            if (bad) fail("a bad query is accepted", key);
            query_added = true;
        } catch (const rapidtrade::platform::BadRequest&) {
            if (!bad) fail("a good query is refused", key);
        }
    }

    std::string t = target.encoded();
    if (t.empty() || t[0] != '/') fail("does not start with '/'", t);
    for (unsigned char c : t)
        if (c < 0x21 || c == 0x7f || c == '#') fail("a control character, space or '#'", t);
    auto question = t.find('?');
    if ((question != std::string::npos) != query_added) fail("a '?' without a query, or a query without '?'", t);

    auto parsed = boost::urls::parse_origin_form(t);
    if (!parsed) fail("the receiving server cannot parse the target", t);
    std::vector<std::string> back;
    for (auto s : parsed->segments()) back.emplace_back(s);
    if (back.size() != accepted.size()) fail("not the same number of segments once parsed", t);
    if (back != accepted) fail("a segment decodes to something else", t);
    if (query_added) {
        auto params = parsed->params();
        if (params.size() != 1) fail("not one query parameter once parsed", t);
        auto param = *params.begin();
        if (param.key != key || param.value != value) fail("the query key or value decodes to something else", t);
    }

    for (const auto& s : segments) check_headers(s);
    check_headers(key);
    check_headers(value);
    return 0;
}
