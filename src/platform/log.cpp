#include "platform/log.hpp"

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

}  // namespace

void init(std::string_view level) {
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
