#include "platform/metrics.hpp"

#include <prometheus/text_serializer.h>

namespace rapidtrade::platform {

Metrics::Metrics() : registry_(std::make_shared<prometheus::Registry>()) {
    http_requests_ = &prometheus::BuildCounter()
                          .Name("http_requests_total")
                          .Help("HTTP requests answered, by service, route pattern, method and status code")
                          .Register(*registry_);
    http_duration_ = &prometheus::BuildHistogram()
                          .Name("http_request_duration_seconds")
                          .Help("Time from a fully read request to its answer, by service and route pattern")
                          .Register(*registry_);
    open_connections_ = &prometheus::BuildGauge()
                             .Name("http_open_connections")
                             .Help("Client connections currently open")
                             .Register(*registry_)
                             .Add({});
}

const prometheus::Histogram::BucketBoundaries& Metrics::latency_buckets() {
    static const prometheus::Histogram::BucketBoundaries kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                                  0.05,   0.1,   0.25,   0.5,   1,    2.5,
                                                                  5,      10};
    return kBuckets;
}

prometheus::Histogram& Metrics::http_duration(const std::string& service, const std::string& route) {
    return http_duration_->Add({{"service", service}, {"route", route}}, latency_buckets());
}

prometheus::Counter& Metrics::counter(const std::string& name, const std::string& help, const prometheus::Labels& labels) {
    std::lock_guard lock(families_mutex_);
    auto& family = counters_[name];
    if (family == nullptr) family = &prometheus::BuildCounter().Name(name).Help(help).Register(*registry_);
    return family->Add(labels);
}

prometheus::Gauge& Metrics::gauge(const std::string& name, const std::string& help, const prometheus::Labels& labels) {
    std::lock_guard lock(families_mutex_);
    auto& family = gauges_[name];
    if (family == nullptr) family = &prometheus::BuildGauge().Name(name).Help(help).Register(*registry_);
    return family->Add(labels);
}

prometheus::Histogram& Metrics::histogram(const std::string& name, const std::string& help,
                                          const prometheus::Labels& labels) {
    std::lock_guard lock(families_mutex_);
    auto& family = histograms_[name];
    if (family == nullptr) family = &prometheus::BuildHistogram().Name(name).Help(help).Register(*registry_);
    return family->Add(labels, latency_buckets());
}

std::string Metrics::render() const {
    return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace rapidtrade::platform
