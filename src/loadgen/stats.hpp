#pragma once
// Latency and error bookkeeping of the load generator: per journey and per step, thread-safe.
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

namespace rapidtrade::loadgen {

struct Series {
    std::vector<double> latencies_ms;
    std::map<std::string, long> errors;  // reason -> count
};

class Stats {
public:
    void record(const std::string& key, double ms, const std::string& error = {});
    void order_completed();
    // Since the last call: requests, errors, p99 (for the progress line).
    struct Window {
        long requests = 0, errors = 0;
        double p99_ms = 0;
    };
    Window take_window();
    // The final report: per key count, errors by reason, p50/p90/p99/p99.9.
    std::string text() const;
    boost::json::object json(double seconds) const;
    long total_errors() const;
    long orders() const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, Series> series_;
    std::vector<double> window_;
    long window_errors_ = 0;
    long orders_ = 0;
};

double percentile(std::vector<double> sorted, double p);

}  // namespace rapidtrade::loadgen
