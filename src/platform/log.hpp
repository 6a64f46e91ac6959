#pragma once
// Structured logging on stdout (spdlog underneath), with the current request id added to every line
// written while a request is being handled. Two formats (LOG_FORMAT): `json`, one object per line
// for log collectors (the default when stdout is not a terminal, as in containers), and `text`, one
// readable line per event for a person at a terminal (the default there).
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace rapidtrade::platform::log {

enum class Level { trace, debug, info, warn, error, off };

enum class Format { json, text };

// `level` is one of trace, debug, info, warn, error, off (validated by the config).
void init(std::string_view level, Format format = Format::json);
// The format LOG_FORMAT names ("text" or "json", validated by the config), or when it is empty,
// text on a terminal and JSON otherwise.
Format format_for(std::string_view configured);
// The text format of one event: "14:03:12.345 info  listening port=8080 targets=[\"all\"]"; a
// request reads "GET /produits 200 1.2ms frontend". Exposed for tests.
std::string text_line(std::string_view time, Level level, std::string_view event, const boost::json::object& fields);
bool enabled(Level level);
void write(Level level, std::string_view event, boost::json::object fields = {});

inline void debug(std::string_view event, boost::json::object fields = {}) { write(Level::debug, event, std::move(fields)); }
inline void info(std::string_view event, boost::json::object fields = {}) { write(Level::info, event, std::move(fields)); }
inline void warn(std::string_view event, boost::json::object fields = {}) { write(Level::warn, event, std::move(fields)); }
inline void error(std::string_view event, boost::json::object fields = {}) { write(Level::error, event, std::move(fields)); }

// Sets the request id (and W3C trace id when known) that every log line of this thread carries
// until the scope ends.
//
// Why thread-locals are safe here: Pipeline::run sets the scope around one handler, and a handler
// runs from start to end on the thread that called it, never suspended (handlers are plain
// functions, not coroutines; the I/O coroutines never hold a scope across a co_await). A nested
// scope (a call to another service answered in process, on the same thread) restores the outer
// values when it ends. Carrying the ids in every call instead would thread a parameter through
// every store and helper only to reach the log lines.
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
