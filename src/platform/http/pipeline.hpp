#pragma once
// The middleware every request goes through, in order: target parsing and validation, request id,
// routing, the handler (errors mapped to problem+json, exceptions contained), ETag/304, security
// headers, metrics and the access log.
#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "platform/http/client_address.hpp"
#include "platform/http/message.hpp"
#include "platform/http/router.hpp"
#include "platform/metrics.hpp"
#include "platform/span_export.hpp"

namespace rapidtrade::platform::http {

class Pipeline {
public:
    // The router must be complete: metrics for each route are prepared here, once.
    // `spans` null: no span export.
    Pipeline(const Router& router, Metrics& metrics, bool access_log, TrustedProxies trusted_proxies = {},
             span_export::SpanExporter* spans = nullptr);

    // Parses the target and routes. On a bad target, an unknown route or a fast-path answer (from
    // memory), `immediate` holds the finished answer, built on the I/O thread; otherwise `route`
    // must be run with `run` on its worker pool.
    struct Prepared {
        Request request;
        const Route* route = nullptr;
        std::optional<Response> immediate;
    };
    Prepared prepare(RawRequest raw, std::string remote_address) const;

    // Runs the route's handler with every middleware; never throws.
    Response run(const Route& route, Request& request) const;

    // Common answer decorations (request id, security headers), metrics and the access log, for
    // answers built outside any route (unparseable requests). `route` null = unmatched.
    void finish(Request& request, Response& response, const Route* route, double seconds) const;
    // The request as an OTLP SERVER span (span_export), when spans are exported.
    void export_span(const Request& request, const Response& response, const Route& route,
                     std::chrono::system_clock::time_point started_at) const;

private:
    // Per-route metric handles, looked up once: label sets are expensive to build per request.
    struct RouteMetrics {
        std::string service, pattern, method;
        prometheus::Histogram* duration = nullptr;
        mutable std::array<std::atomic<prometheus::Counter*>, 600> by_status{};
    };
    const RouteMetrics& metrics_for(const Route* route) const;
    void add_route_metrics(const Route* route, std::string service, std::string pattern, std::string method);
    Response guarded(const Route& route, Request& request, bool fast) const;

    std::unordered_map<const Route*, std::unique_ptr<RouteMetrics>> route_metrics_;
    const Router& router_;
    Metrics& metrics_;
    bool access_log_;
    TrustedProxies trusted_proxies_;
    span_export::SpanExporter* spans_;  // null or enabled
};

std::string generate_request_id();
// A strong validator for a body (FNV-1a 64, quoted), as sent in ETag.
std::string compute_etag(std::string_view body);
// Whether an If-None-Match header names `etag` (or is "*"), weak or strong: then 304.
bool if_none_match_hits(std::string_view header, std::string_view etag);

}  // namespace rapidtrade::platform::http
