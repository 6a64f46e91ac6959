#pragma once
// Calls from the all-in-one process to its own services without a socket. The request is the very
// HTTP request the client would have written (target, Host, X-Api-Key, traceparent, body) and goes
// through the same server pipeline (routing, API key, validation, problem+json, ETag, metrics,
// access log) on the calling worker thread. What it saves, measured in bench/README.md: per call,
// two socket writes, two reads, two epoll wake-ups and four thread hand-offs (caller -> client I/O
// thread -> server I/O thread -> service worker and back), about half of an order's CPU.
//
// What it does not keep: the callee's worker pool (the caller's thread runs the handler, so a
// service's bulkhead bounds only calls from outside the process) and the client's deadline (the
// handler runs to its end, as its own database deadlines allow).
#include <atomic>
#include <optional>

#include "platform/http/message.hpp"

namespace rapidtrade::platform::http {

class Server;

class InProcessCalls {
public:
    // From now on, calls go to `server`'s pipeline.
    void attach(Server& server) { server_.store(&server); }
    // No new call starts; returns once the calls in flight have ended (before the server and its
    // router are destroyed, while background threads may still be calling).
    void detach();
    // The server's answer, or nothing when detached (the caller then uses TCP, and finds it closed).
    std::optional<Response> call(RawRequest request);

private:
    std::atomic<Server*> server_{nullptr};
    std::atomic<int> in_flight_{0};
};

}  // namespace rapidtrade::platform::http
