#include "platform/log.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>

#include <boost/json/serialize.hpp>
#include <fmt/chrono.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace rapidtrade::platform::log {
namespace {

thread_local std::string t_request_id;
thread_local std::string t_trace_id;
std::atomic<Format> g_format{Format::json};  // set once at start-up, before any thread logs

std::shared_ptr<spdlog::logger>& logger() {
    static std::shared_ptr<spdlog::logger> instance = [] {
        auto l = std::make_shared<spdlog::logger>("rapidtrade", std::make_shared<spdlog::sinks::stdout_sink_mt>());
        l->set_pattern("%v");  // the line is already JSON
        l->set_level(spdlog::level::info);
        l->flush_on(spdlog::level::trace);
        return l;
    }();
    return instance;
}

spdlog::level::level_enum to_spdlog(Level level) {
    switch (level) {
        case Level::trace: return spdlog::level::trace;
        case Level::debug: return spdlog::level::debug;
        case Level::info: return spdlog::level::info;
        case Level::warn: return spdlog::level::warn;
        case Level::error: return spdlog::level::err;
        case Level::off: return spdlog::level::off;
    }
    return spdlog::level::info;
}

const char* level_name(Level level) {
    static constexpr const char* kNames[] = {"trace", "debug", "info", "warn", "error", "off"};
    return kNames[static_cast<int>(level)];
}

// A value as a person reads it: strings bare unless they hold a space or a quote, the rest as JSON.
void append_value(std::string& out, const boost::json::value& v) {
    if (v.is_string()) {
        std::string_view text = v.as_string();
        bool bare = !text.empty() && text.find_first_of(" \"=\t\r\n") == std::string_view::npos;
        out += bare ? std::string(text) : boost::json::serialize(v);
    } else {
        out += boost::json::serialize(v);
    }
}

std::string field_text(const boost::json::object& fields, std::string_view key) {
    const auto* v = fields.if_contains(key);
    if (v == nullptr) return {};
    std::string out;
    append_value(out, *v);
    return out;
}

}  // namespace

std::string text_line(std::string_view time, Level level, std::string_view event, const boost::json::object& fields) {
    std::string out = fmt::format("{} {:<5} ", time, level_name(level));
    if (event == "request") {
        // The access log: the request first, the rest after.
        auto us = fields.if_contains("duration_us");
        out += fmt::format("{} {} {} {:.1f}ms {}", field_text(fields, "method"), field_text(fields, "path"),
                           field_text(fields, "status"), us && us->is_int64() ? us->as_int64() / 1000.0 : 0.0,
                           field_text(fields, "service"));
        return out;
    }
    out += event;
    for (const auto& [k, v] : fields) {
        out += ' ';
        out += k;
        out += '=';
        append_value(out, v);
    }
    return out;
}

Format format_for(std::string_view configured) {
    if (configured == "text") return Format::text;
    if (configured == "json") return Format::json;
    return ::isatty(STDOUT_FILENO) ? Format::text : Format::json;
}

void init(std::string_view level, Format format) {
    g_format.store(format, std::memory_order_relaxed);
    Level l = level == "trace"   ? Level::trace
              : level == "debug" ? Level::debug
              : level == "warn"  ? Level::warn
              : level == "error" ? Level::error
              : level == "off"   ? Level::off
                                 : Level::info;
    logger()->set_level(to_spdlog(l));
}

bool enabled(Level level) { return logger()->should_log(to_spdlog(level)); }

void write(Level level, std::string_view event, boost::json::object fields) {
    if (!enabled(level)) return;
    auto now = std::chrono::system_clock::now();
    if (g_format.load(std::memory_order_relaxed) == Format::text) {
        auto since_epoch = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
        auto time = fmt::format("{:%H:%M:%S}.{:03}", std::chrono::floor<std::chrono::seconds>(now),
                                since_epoch.count() % 1000);
        boost::json::object with_request = std::move(fields);
        if (!t_request_id.empty() && event != "request") with_request["request_id"] = t_request_id;
        logger()->log(to_spdlog(level), text_line(time, level, event, with_request));
        return;
    }
    boost::json::object line;
    line["ts"] = fmt::format("{:%Y-%m-%dT%H:%M:%S}Z",
                             std::chrono::time_point_cast<std::chrono::milliseconds>(now));
    line["level"] = level_name(level);
    line["event"] = event;
    if (!t_request_id.empty()) line["request_id"] = t_request_id;
    if (!t_trace_id.empty()) line["trace_id"] = t_trace_id;
    for (auto& [k, v] : fields) line[k] = std::move(v);
    logger()->log(to_spdlog(level), boost::json::serialize(line));
}

ScopedContext::ScopedContext(std::string request_id, std::string trace_id)
    : previous_request_id_(std::move(t_request_id)), previous_trace_id_(std::move(t_trace_id)) {
    t_request_id = std::move(request_id);
    t_trace_id = std::move(trace_id);
}

ScopedContext::~ScopedContext() {
    t_request_id = std::move(previous_request_id_);
    t_trace_id = std::move(previous_trace_id_);
}

const std::string& current_request_id() { return t_request_id; }
const std::string& current_trace_id() { return t_trace_id; }

}  // namespace rapidtrade::platform::log
