// W3C traceparent parsing (platform::trace::parse) on any header value. What trace.hpp promises
// when it parses: a 32 lower-case hex trace id and a 16 lower-case hex parent span, neither all
// zeros, both taken from the header as they are; and the header we forward for them
// (traceparent()) parses back to the same ids.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "platform/trace.hpp"

namespace {

namespace trace = rapidtrade::platform::trace;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "traceparent_fuzz invariant broken: %s\n", what);
    std::abort();
}

bool lower_hex_not_zero(const std::string& s, std::size_t length) {
    return s.size() == length && s.find_first_not_of("0123456789abcdef") == std::string::npos &&
           s.find_first_not_of('0') != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    auto parsed = trace::parse(input);
    if (!parsed) return 0;
    if (!lower_hex_not_zero(parsed->trace_id, 32)) fail("the trace id is not 32 lower-case hex, not all zeros");
    if (!lower_hex_not_zero(parsed->parent_span_id, 16)) fail("the span id is not 16 lower-case hex, not all zeros");
    if (input.size() != 55 || input.substr(3, 32) != parsed->trace_id || input.substr(36, 16) != parsed->parent_span_id)
        fail("the ids are not the header's");
    if (input.substr(0, 2) == "ff") fail("version ff (forbidden by W3C) is accepted");
    auto forwarded = trace::parse(trace::traceparent(parsed->trace_id, parsed->parent_span_id));
    if (!forwarded || forwarded->trace_id != parsed->trace_id || forwarded->parent_span_id != parsed->parent_span_id)
        fail("the forwarded traceparent does not parse back to the same ids");
    return 0;
}
