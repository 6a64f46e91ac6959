#pragma once
// HTTP/1.1 client for service-to-service calls: a keep-alive connection pool per upstream, connect
// and request timeouts, retries with backoff for idempotent requests only. Its failures surface as
// ServiceUnavailable (503 problem+json) naming the upstream. Calls block the calling thread (a
// service worker); the I/O runs on the client's own thread.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/json/value.hpp>

#include "platform/http/message.hpp"
#include "platform/http/target.hpp"
#include "platform/metrics.hpp"
#include "platform/span_export.hpp"

namespace rapidtrade::platform::http {

class InProcessCalls;

struct Upstream {
    std::string name;      // "cart": used in errors, logs and metrics
    std::string base_url;  // "http://cart-service:5000"
    std::string api_key;   // sent as X-Api-Key when not empty
    // The all-in-one process's own server, reached without a socket (same request, same pipeline);
    // null: over TCP to base_url.
    InProcessCalls* in_process = nullptr;
};

struct ClientOptions {
    std::chrono::milliseconds connect_timeout{2000};
    std::chrono::milliseconds request_timeout{5000};
    int max_attempts = 3;  // idempotent requests only
    std::chrono::milliseconds backoff{50};  // doubled after each attempt
    std::size_t max_idle_per_upstream = 64;
};

struct ClientResponse {
    unsigned status = 0;
    std::string body;
    std::string content_type;
    std::string location;                  // redirects
    std::vector<std::string> set_cookies;  // Set-Cookie values, for clients that keep a session
    // Seconds to wait before asking again, from Retry-After (a throttle's 429): what the caller
    // tells its own client; 0 when the answer has none or not as parse_retry_after reads it.
    int retry_after = 0;
    boost::json::value json() const;  // throws ServiceUnavailable if the body is not JSON
};

// A Retry-After value as delay-seconds (RFC 9110, section 10.2.3): 1 to 604800 (a week; the shop's
// throttles never ask for more, so a larger wait is not believed). nullopt for anything else: an
// HTTP date (never sent by the shop's services), 0, a sign, spaces, or garbage.
std::optional<int> parse_retry_after(std::string_view value);

class HttpClient {
public:
    // With `metrics`: rapidtrade_upstream_requests_total{upstream, outcome} and
    // rapidtrade_upstream_request_duration_seconds{upstream}.
    // `metrics` and `spans` are optional (tools and tests go without).
    explicit HttpClient(ClientOptions options = {}, Metrics* metrics = nullptr,
                        span_export::SpanExporter* spans = nullptr);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // `target` (typed parts, each percent-encoded) is appended to the upstream's base URL. Extra
    // headers are name/value pairs (Authorization, Idempotency-Key...): a name that is not a token
    // or a value holding a control character throws BadRequest before anything is sent. Throws
    // ServiceUnavailable when the upstream cannot be reached or answers 5xx after the retries.
    ClientResponse request(const Upstream& upstream, Verb method, const Target& target, std::string body = {},
                           const std::vector<std::pair<std::string, std::string>>& headers = {});

    ClientResponse get(const Upstream& u, const Target& target,
                       const std::vector<std::pair<std::string, std::string>>& headers = {}) {
        return request(u, Verb::get, target, {}, headers);
    }
    ClientResponse send_json(const Upstream& u, Verb method, const Target& target, const boost::json::value& body,
                             const std::vector<std::pair<std::string, std::string>>& headers = {});

    struct Pool;

private:
    Pool& pool_for(const std::string& host, const std::string& port);

    enum class Outcome { ok, server_error, error };
    void record(const std::string& upstream, Outcome outcome, std::chrono::steady_clock::time_point started);

    ClientOptions options_;
    Metrics* metrics_;
    span_export::SpanExporter* spans_;
    boost::asio::io_context ioc_;
    std::unique_ptr<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
    std::thread thread_;
    std::mutex pools_mutex_;
    std::map<std::string, std::unique_ptr<Pool>> pools_;
    // Metric handles per upstream, resolved once: building a label set per call cost more than the
    // call itself once calls stay in the process.
    struct UpstreamMetrics {
        prometheus::Counter* outcomes[3];
        prometheus::Histogram* duration;
    };
    std::mutex metrics_mutex_;
    std::map<std::string, UpstreamMetrics, std::less<>> upstream_metrics_;
};

}  // namespace rapidtrade::platform::http
