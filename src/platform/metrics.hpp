#pragma once
// Prometheus metrics for the whole process, rendered in text format at /metrics.
#include <map>
#include <memory>
#include <mutex>
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

    // Any other metric, by name: families are registered on first use (thread-safe). Names follow
    // Prometheus conventions (rapidtrade_orders_total...); labels must stay few and bounded.
    prometheus::Counter& counter(const std::string& name, const std::string& help, const prometheus::Labels& labels = {});
    prometheus::Gauge& gauge(const std::string& name, const std::string& help, const prometheus::Labels& labels = {});
    prometheus::Histogram& histogram(const std::string& name, const std::string& help, const prometheus::Labels& labels = {});

    // Buckets in seconds, shared by every latency histogram (0.5 ms to 10 s).
    static const prometheus::Histogram::BucketBoundaries& latency_buckets();

private:
    std::shared_ptr<prometheus::Registry> registry_;
    prometheus::Family<prometheus::Counter>* http_requests_;
    prometheus::Family<prometheus::Histogram>* http_duration_;
    prometheus::Gauge* open_connections_;
    std::mutex families_mutex_;
    std::map<std::string, prometheus::Family<prometheus::Counter>*> counters_;
    std::map<std::string, prometheus::Family<prometheus::Gauge>*> gauges_;
    std::map<std::string, prometheus::Family<prometheus::Histogram>*> histograms_;
};

}  // namespace rapidtrade::platform
