#include "platform/span_export.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <boost/json/serialize.hpp>
#include <curl/curl.h>

#include "platform/log.hpp"

namespace rapidtrade::platform::span_export {
namespace {

struct Settings {
    std::string url;  // .../v1/traces
    std::string service_name;
    std::chrono::milliseconds every{5000};
    std::size_t max_queue = 2048;
    std::size_t max_batch = 512;
    std::chrono::milliseconds timeout{10000};
};

}  // namespace

// The queue and the thread that empties it.
class Exporter {
public:
    Exporter(Settings settings, Metrics& metrics)
        : settings_(std::move(settings)),
          exported_(metrics.counter("rapidtrade_trace_spans_exported_total", "Spans sent to the OTLP collector")),
          dropped_(metrics.counter("rapidtrade_trace_spans_dropped_total",
                                   "Spans dropped: queue full, or the OTLP collector refused or could not be reached")) {
        thread_ = std::thread([this] { run(); });
    }

    ~Exporter() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wakeup_.notify_all();
        thread_.join();
    }

    void record(Span span) {
        std::lock_guard lock(mutex_);
        if (queue_.size() >= settings_.max_queue) {
            dropped_.Increment();
            return;
        }
        queue_.push_back(std::move(span));
        if (queue_.size() >= settings_.max_batch) wakeup_.notify_one();
    }

private:
    void run() {
        std::unique_lock lock(mutex_);
        for (;;) {
            wakeup_.wait_for(lock, settings_.every,
                             [this] { return stopping_ || queue_.size() >= settings_.max_batch; });
            while (!queue_.empty()) {
                std::vector<Span> batch;
                while (!queue_.empty() && batch.size() < settings_.max_batch) {
                    batch.push_back(std::move(queue_.front()));
                    queue_.pop_front();
                }
                lock.unlock();
                send(batch);
                lock.lock();
            }
            if (stopping_) return;
        }
    }

    void send(const std::vector<Span>& batch) {
        auto body = boost::json::serialize(to_otlp_json(batch, settings_.service_name));
        CURL* curl = curl_easy_init();
        if (curl == nullptr) {
            dropped_.Increment(static_cast<double>(batch.size()));
            return;
        }
        curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
        curl_easy_setopt(curl, CURLOPT_URL, settings_.url.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.timeout.count()));
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, +[](char*, size_t size, size_t n, void*) { return size * n; });
        auto rc = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);
        if (rc == CURLE_OK && status >= 200 && status < 300) {
            exported_.Increment(static_cast<double>(batch.size()));
            failing_ = false;
            return;
        }
        dropped_.Increment(static_cast<double>(batch.size()));
        // Once per failure streak, not per batch: an absent collector must not flood the logs.
        if (!std::exchange(failing_, true))
            log::warn("span_export_failed", {{"url", settings_.url},
                                             {"error", rc != CURLE_OK ? std::string(curl_easy_strerror(rc))
                                                                      : "HTTP " + std::to_string(status)}});
    }

    Settings settings_;
    prometheus::Counter& exported_;
    prometheus::Counter& dropped_;
    std::mutex mutex_;
    std::condition_variable wakeup_;
    std::deque<Span> queue_;
    bool stopping_ = false;
    bool failing_ = false;  // only the exporting thread touches it
    std::thread thread_;
};

namespace {

boost::json::object attribute(const std::string& key, const boost::json::value& v) {
    boost::json::object value;
    // OTLP JSON: 64-bit integers are strings.
    if (v.is_int64()) value["intValue"] = std::to_string(v.as_int64());
    else if (v.is_uint64()) value["intValue"] = std::to_string(v.as_uint64());
    else if (v.is_bool()) value["boolValue"] = v.as_bool();
    else if (v.is_double()) value["doubleValue"] = v.as_double();
    else if (v.is_string()) value["stringValue"] = v.as_string();
    else value["stringValue"] = boost::json::serialize(v);
    return {{"key", key}, {"value", std::move(value)}};
}

std::string unix_nanos(std::chrono::system_clock::time_point t) {
    return std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

}  // namespace

boost::json::object to_otlp_json(const std::vector<Span>& spans, const std::string& service_name) {
    boost::json::array out;
    for (const auto& s : spans) {
        boost::json::array attributes;
        for (const auto& [k, v] : s.attributes) attributes.push_back(attribute(k, v));
        boost::json::object span{{"traceId", s.trace_id},
                                 {"spanId", s.span_id},
                                 {"name", s.name},
                                 {"kind", static_cast<int>(s.kind)},
                                 {"startTimeUnixNano", unix_nanos(s.start)},
                                 {"endTimeUnixNano", unix_nanos(s.end)},
                                 {"attributes", std::move(attributes)},
                                 // STATUS_CODE_ERROR (2) for a failure, else UNSET (0)
                                 {"status", {{"code", s.error ? 2 : 0}}}};
        if (!s.parent_span_id.empty()) span["parentSpanId"] = s.parent_span_id;
        out.push_back(std::move(span));
    }
    boost::json::array resource_attributes{attribute("service.name", boost::json::value(service_name))};
    return {{"resourceSpans",
             boost::json::array{{{"resource", {{"attributes", std::move(resource_attributes)}}},
                                 {"scopeSpans", boost::json::array{{{"scope", {{"name", "rapidtrade"}}},
                                                                    {"spans", std::move(out)}}}}}}}};
}

SpanExporter::SpanExporter(const Env& env, Metrics& metrics, const std::string& service_name) {
    Settings s;
    if (env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) {
        s.url = env.http_url("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "");
    } else if (env.get("OTEL_EXPORTER_OTLP_ENDPOINT")) {
        s.url = env.http_url("OTEL_EXPORTER_OTLP_ENDPOINT", "") + "/v1/traces";
    } else {
        return;
    }
    s.service_name = env.string("OTEL_SERVICE_NAME", service_name);
    s.every = env.millis("OTEL_BSP_SCHEDULE_DELAY", std::chrono::milliseconds(5000));
    s.max_queue = static_cast<std::size_t>(env.integer("OTEL_BSP_MAX_QUEUE_SIZE", 2048, 1, 1000000));
    s.max_batch = static_cast<std::size_t>(env.integer("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 512, 1, 100000));
    s.timeout = env.millis("OTEL_EXPORTER_OTLP_TIMEOUT", std::chrono::milliseconds(10000));
    curl_global_init(CURL_GLOBAL_DEFAULT);
    log::info("span_export", {{"url", s.url}, {"service_name", s.service_name}});
    exporter_ = std::make_unique<Exporter>(std::move(s), metrics);
}

SpanExporter::~SpanExporter() = default;

void SpanExporter::record(Span span) {
    if (exporter_) exporter_->record(std::move(span));
}

}  // namespace rapidtrade::platform::span_export
