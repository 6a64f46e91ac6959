#pragma once
// OpenTelemetry export of spans over OTLP/HTTP with JSON (no SDK: the format is small). Every
// request handled is a SERVER span and every call to another service a CLIENT span, children of
// each other through the traceparent header, so a collector (Jaeger, Tempo, the OpenTelemetry
// Collector) shows one order across the services. Off unless OTEL_EXPORTER_OTLP_ENDPOINT (or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set. Spans wait in a bounded queue and leave in batches
// from a background thread: a slow or absent collector costs requests nothing; when the queue is
// full, new spans are dropped and counted.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "platform/config.hpp"
#include "platform/metrics.hpp"

namespace rapidtrade::platform::span_export {

enum class Kind { server = 2, client = 3 };  // OTLP SpanKind

struct Span {
    std::string trace_id;        // 32 hex
    std::string span_id;         // 16 hex
    std::string parent_span_id;  // 16 hex, or empty for a root
    std::string name;
    Kind kind = Kind::server;
    std::chrono::system_clock::time_point start, end;
    std::vector<std::pair<std::string, boost::json::value>> attributes;
    bool error = false;
};

class Exporter;

// One per process, made by main and handed to the server (SERVER spans) and the client (CLIENT
// spans) like the metrics registry; a null pointer there means no export.
class SpanExporter {
public:
    // Reads the OTEL_* settings; starts the exporting thread when an endpoint is set. Throws
    // ConfigError for a bad value. `service_name` is the default of OTEL_SERVICE_NAME.
    SpanExporter(const Env& env, Metrics& metrics, const std::string& service_name);
    // Sends what is queued, then stops the thread.
    ~SpanExporter();
    SpanExporter(const SpanExporter&) = delete;
    SpanExporter& operator=(const SpanExporter&) = delete;

    // Cheap: whether spans are wanted at all (checked before building one).
    bool enabled() const { return exporter_ != nullptr; }
    void record(Span span);

private:
    std::unique_ptr<Exporter> exporter_;
};

// The OTLP/HTTP JSON body for a batch (one resource, one scope).
boost::json::object to_otlp_json(const std::vector<Span>& spans, const std::string& service_name);

}  // namespace rapidtrade::platform::span_export
