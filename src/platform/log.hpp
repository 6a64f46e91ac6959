#pragma once
// Structured logging: one JSON object per line on stdout (spdlog underneath), with the current
// request id added to every line written while a request is being handled.
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace rapidtrade::platform::log {

enum class Level { trace, debug, info, warn, error, off };

// `level` is one of trace, debug, info, warn, error, off (validated by the config).
void init(std::string_view level);
bool enabled(Level level);
void write(Level level, std::string_view event, boost::json::object fields = {});

inline void debug(std::string_view event, boost::json::object fields = {}) { write(Level::debug, event, std::move(fields)); }
inline void info(std::string_view event, boost::json::object fields = {}) { write(Level::info, event, std::move(fields)); }
inline void warn(std::string_view event, boost::json::object fields = {}) { write(Level::warn, event, std::move(fields)); }
inline void error(std::string_view event, boost::json::object fields = {}) { write(Level::error, event, std::move(fields)); }

// Sets the request id (and W3C trace id when known) that every log line of this thread carries
// until the scope ends.
class ScopedContext {
public:
    ScopedContext(std::string request_id, std::string trace_id = {});
    ~ScopedContext();
    ScopedContext(const ScopedContext&) = delete;
    ScopedContext& operator=(const ScopedContext&) = delete;

private:
    std::string previous_request_id_;
    std::string previous_trace_id_;
};

const std::string& current_request_id();
const std::string& current_trace_id();

}  // namespace rapidtrade::platform::log
