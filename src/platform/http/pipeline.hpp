#pragma once
// The middleware every request goes through, in order: target parsing and validation, request id,
// routing, the handler (errors mapped to problem+json, exceptions contained), ETag/304, security
// headers, metrics and the access log.
#include <optional>
#include <string>

#include "platform/http/message.hpp"
#include "platform/http/router.hpp"
#include "platform/metrics.hpp"

namespace rapidtrade::platform::http {

class Pipeline {
public:
    Pipeline(const Router& router, Metrics& metrics, bool access_log)
        : router_(router), metrics_(metrics), access_log_(access_log) {}

    // Parses the target and routes. On a bad target or an unknown route, `immediate` holds the
    // answer (cheap, built on the I/O thread); otherwise `route` must be run with `run`.
    struct Prepared {
        Request request;
        const Route* route = nullptr;
        std::optional<Response> immediate;
    };
    Prepared prepare(RawRequest raw, std::string remote_address) const;

    // Runs the route's handler with every middleware; never throws.
    Response run(const Route& route, Request& request) const;

    // Common answer decorations (request id, security headers) and the access log, for answers
    // that did not go through `run`.
    void finish(Request& request, Response& response, std::string_view service, std::string_view route,
                double seconds) const;

private:
    const Router& router_;
    Metrics& metrics_;
    bool access_log_;
};

std::string generate_request_id();

}  // namespace rapidtrade::platform::http
