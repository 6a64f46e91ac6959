#include "loadgen/stats.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace rapidtrade::loadgen {

double percentile(std::vector<double> sorted, double p) {
    if (sorted.empty()) return 0;
    auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(index, sorted.size() - 1)];
}

void Stats::record(const std::string& key, double ms, const std::string& error) {
    std::lock_guard lock(mutex_);
    auto& s = series_[key];
    s.latencies_ms.push_back(ms);
    window_.push_back(ms);
    if (!error.empty()) {
        ++s.errors[error];
        ++window_errors_;
    }
}

void Stats::order_completed() {
    std::lock_guard lock(mutex_);
    ++orders_;
}

Stats::Window Stats::take_window() {
    std::lock_guard lock(mutex_);
    Window w;
    w.requests = static_cast<long>(window_.size());
    w.errors = window_errors_;
    std::sort(window_.begin(), window_.end());
    w.p99_ms = percentile(window_, 0.99);
    window_.clear();
    window_errors_ = 0;
    return w;
}

long Stats::total_errors() const {
    std::lock_guard lock(mutex_);
    long n = 0;
    for (const auto& [k, s] : series_)
        for (const auto& [r, c] : s.errors) n += c;
    return n;
}

long Stats::orders() const {
    std::lock_guard lock(mutex_);
    return orders_;
}

std::string Stats::text() const {
    std::lock_guard lock(mutex_);
    std::string out = fmt::format("{:<34} {:>8} {:>7} {:>9} {:>9} {:>9} {:>9}\n", "journey / step", "count", "errors",
                                  "p50 ms", "p90 ms", "p99 ms", "p99.9 ms");
    for (const auto& [key, s] : series_) {
        auto sorted = s.latencies_ms;
        std::sort(sorted.begin(), sorted.end());
        long errors = 0;
        for (const auto& [r, c] : s.errors) errors += c;
        out += fmt::format("{:<34} {:>8} {:>7} {:>9.1f} {:>9.1f} {:>9.1f} {:>9.1f}\n", key, sorted.size(), errors,
                           percentile(sorted, 0.5), percentile(sorted, 0.9), percentile(sorted, 0.99),
                           percentile(sorted, 0.999));
        for (const auto& [reason, count] : s.errors) out += fmt::format("    {} × {}\n", count, reason);
    }
    out += fmt::format("orders completed: {}\n", orders_);
    return out;
}

boost::json::object Stats::json(double seconds) const {
    std::lock_guard lock(mutex_);
    boost::json::object steps;
    long requests = 0;
    // The headline p99 covers every request except the start delays and the password checks
    // (log-in, sign-up), which cost one or two Argon2id hashes (about 65 ms each) by design and are
    // reported on their own; p99_all_ms includes them.
    std::vector<double> all, headline;
    for (const auto& [key, s] : series_) {
        if (key == "(start delay)") continue;
        all.insert(all.end(), s.latencies_ms.begin(), s.latencies_ms.end());
        if (!key.ends_with("/ log in") && !key.ends_with("/ sign up"))
            headline.insert(headline.end(), s.latencies_ms.begin(), s.latencies_ms.end());
    }
    std::sort(all.begin(), all.end());
    std::sort(headline.begin(), headline.end());
    for (const auto& [key, s] : series_) {
        auto sorted = s.latencies_ms;
        std::sort(sorted.begin(), sorted.end());
        requests += static_cast<long>(sorted.size());
        boost::json::object errors;
        for (const auto& [reason, count] : s.errors) errors[reason] = count;
        steps[key] = {{"count", sorted.size()},
                      {"errors", std::move(errors)},
                      {"p50_ms", percentile(sorted, 0.5)},
                      {"p90_ms", percentile(sorted, 0.9)},
                      {"p99_ms", percentile(sorted, 0.99)},
                      {"p999_ms", percentile(sorted, 0.999)}};
    }
    return {{"seconds", seconds},
            {"requests", requests},
            {"orders", orders_},
            {"p50_ms", percentile(headline, 0.5)},
            {"p99_ms", percentile(headline, 0.99)},
            {"p99_all_ms", percentile(all, 0.99)},
            {"steps", std::move(steps)}};
}

}  // namespace rapidtrade::loadgen
