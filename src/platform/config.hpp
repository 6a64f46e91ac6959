#pragma once
// Twelve-factor configuration: every setting comes from an environment variable, is validated once
// at start-up, and a bad value stops the program with one line naming the variable (exit 2).
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "platform/http/client_address.hpp"

namespace rapidtrade::platform {

class ConfigError : public std::runtime_error {
public:
    ConfigError(const std::string& variable, const std::string& value, const std::string& expected)
        : std::runtime_error("invalid " + variable + "=\"" + value + "\": expected " + expected) {}
};

// Reads variables through a lookup function so tests can feed their own environment.
class Env {
public:
    using Lookup = std::function<std::optional<std::string>(const std::string&)>;
    Env();  // the process environment
    explicit Env(Lookup lookup) : lookup_(std::move(lookup)) {}

    std::optional<std::string> get(const std::string& name) const;
    std::string string(const std::string& name, const std::string& fallback) const;
    std::int64_t integer(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
    bool boolean(const std::string& name, bool fallback) const;
    // From `min` (1 ms unless a caller gives 0 a meaning, such as "off") to 24 h.
    std::chrono::milliseconds millis(const std::string& name, std::chrono::milliseconds fallback,
                                     std::chrono::milliseconds min = std::chrono::milliseconds(1)) const;
    // One of `allowed` (case-insensitive); returned lower-cased.
    std::string choice(const std::string& name, const std::string& fallback,
                       std::initializer_list<const char*> allowed) const;
    // An http:// URL with a host (and optional port); returned without a trailing slash.
    std::string http_url(const std::string& name, const std::string& fallback) const;

private:
    Lookup lookup_;
};

// Settings of the HTTP server and of the process as a whole (not of one service).
struct ServerConfig {
    std::string host = "0.0.0.0";
    std::uint16_t port = 8080;
    int io_threads = 2;
    int worker_threads = 4;  // per service: a slow service cannot starve another (bulkheads)
    std::size_t max_body_bytes = 1 << 20;
    std::size_t max_header_bytes = 16 << 10;
    std::chrono::milliseconds read_timeout{10000};   // to receive a whole request once it started
    std::chrono::milliseconds idle_timeout{60000};   // keep-alive connection with no request
    std::chrono::milliseconds shutdown_timeout{10000};
    bool access_log = true;
    std::string log_level = "info";
    std::string log_format;  // LOG_FORMAT: "text", "json", or empty (text on a terminal, else JSON)
    std::string data_dir = "var";
    // TRUSTED_PROXIES: peers whose X-Forwarded-For is believed (the Ingress); empty: none.
    http::TrustedProxies trusted_proxies;

    // `default_port` is 8080 for the all-in-one process and 5000 (the brief's) for one target.
    static ServerConfig from_env(const Env& env, std::uint16_t default_port);
};

}  // namespace rapidtrade::platform
