#pragma once
// W3C Trace Context (traceparent): a request that arrives with one keeps its trace id, one
// without starts a new trace; every log line carries the trace id, and every internal call
// forwards it, so one shopper's click can be followed across services in the logs.
#include <optional>
#include <string>
#include <string_view>

namespace rapidtrade::platform::trace {

struct Traceparent {
    std::string trace_id;        // 32 hex
    std::string parent_span_id;  // 16 hex: the caller's span, the parent of ours
};
// "00-<32 hex trace id>-<16 hex parent span>-<2 hex flags>"; nullopt when malformed or all zeros.
std::optional<Traceparent> parse(std::string_view traceparent);
std::string new_trace_id();  // 32 hex
std::string new_span_id();   // 16 hex
// The header for an outgoing call within `trace_id`, made by the span `span_id`.
std::string traceparent(const std::string& trace_id, const std::string& span_id);

// The span the current thread works for (the request being handled): outgoing calls are its
// children. Empty outside a request. A thread-local for the reason given in log.hpp
// (ScopedContext): a handler runs on one thread, unsuspended, and scopes nest.
const std::string& current_span_id();
class ScopedSpan {
public:
    explicit ScopedSpan(std::string span_id);
    ~ScopedSpan();
    ScopedSpan(const ScopedSpan&) = delete;
    ScopedSpan& operator=(const ScopedSpan&) = delete;

private:
    std::string previous_;
};

}  // namespace rapidtrade::platform::trace
