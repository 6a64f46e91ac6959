#pragma once
// Prometheus metrics for the whole process, rendered in text format at /metrics.
#include <memory>
#include <string>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace rapidtrade::platform {

class Metrics {
public:
    Metrics();

    prometheus::Registry& registry() { return *registry_; }
    std::string render() const;

    // HTTP server metrics, labelled by service and route pattern (never the raw path, whose
    // values are unbounded).
    prometheus::Family<prometheus::Counter>& http_requests() { return *http_requests_; }
    prometheus::Histogram& http_duration(const std::string& service, const std::string& route);
    prometheus::Gauge& open_connections() { return *open_connections_; }

    // Buckets in seconds, shared by every latency histogram (0.5 ms to 10 s).
    static const prometheus::Histogram::BucketBoundaries& latency_buckets();

private:
    std::shared_ptr<prometheus::Registry> registry_;
    prometheus::Family<prometheus::Counter>* http_requests_;
    prometheus::Family<prometheus::Histogram>* http_duration_;
    prometheus::Gauge* open_connections_;
};

}  // namespace rapidtrade::platform
