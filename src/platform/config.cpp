#include "platform/config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include <boost/url/parse.hpp>

#include "platform/cpu_quota.hpp"

namespace rapidtrade::platform {

Env::Env()
    : lookup_([](const std::string& name) -> std::optional<std::string> {
          const char* v = std::getenv(name.c_str());
          if (v == nullptr) return std::nullopt;
          return std::string(v);
      }) {}

std::optional<std::string> Env::get(const std::string& name) const {
    auto v = lookup_(name);
    if (v && v->empty()) return std::nullopt;  // VAR= means "not set", as in compose files
    return v;
}

std::string Env::string(const std::string& name, const std::string& fallback) const {
    return get(name).value_or(fallback);
}

std::int64_t Env::integer(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max) const {
    auto v = get(name);
    if (!v) return fallback;
    std::int64_t out = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
    if (ec != std::errc{} || ptr != v->data() + v->size() || out < min || out > max)
        throw ConfigError(name, *v, "an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return out;
}

bool Env::boolean(const std::string& name, bool fallback) const {
    auto v = get(name);
    if (!v) return fallback;
    std::string s = *v;
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    if (s == "1" || s == "true" || s == "yes" || s == "on") return true;
    if (s == "0" || s == "false" || s == "no" || s == "off") return false;
    throw ConfigError(name, *v, "true or false");
}

std::chrono::milliseconds Env::millis(const std::string& name, std::chrono::milliseconds fallback,
                                     std::chrono::milliseconds min) const {
    return std::chrono::milliseconds(integer(name, fallback.count(), min.count(), 24LL * 3600 * 1000));
}

std::string Env::choice(const std::string& name, const std::string& fallback,
                        std::initializer_list<const char*> allowed) const {
    auto v = get(name);
    if (!v) return fallback;
    std::string s = *v;
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string expected = "one of";
    for (const char* a : allowed) {
        if (s == a) return s;
        expected += std::string(" ") + a;
    }
    throw ConfigError(name, *v, expected);
}

std::string Env::http_url(const std::string& name, const std::string& fallback) const {
    auto v = get(name);
    if (!v) return fallback;
    auto parsed = boost::urls::parse_absolute_uri(*v);
    if (!parsed || parsed->scheme() != "http" || parsed->host().empty())
        throw ConfigError(name, *v, "an http:// URL such as http://catalog:5000");
    std::string s = *v;
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
}

ServerConfig ServerConfig::from_env(const Env& env, std::uint16_t default_port) {
    ServerConfig c;
    c.host = env.string("HOST", c.host);
    c.port = static_cast<std::uint16_t>(env.integer("PORT", default_port, 0, 65535));
    int cores = usable_cores();  // the container's CPU limit, not the node's cores (cpu_quota.hpp)
    c.io_threads = static_cast<int>(env.integer("IO_THREADS", cores, 1, 256));
    c.worker_threads = static_cast<int>(env.integer("WORKER_THREADS", std::max(4, cores * 2), 1, 256));
    c.max_body_bytes = static_cast<std::size_t>(env.integer("MAX_BODY_BYTES", c.max_body_bytes, 1024, 64 << 20));
    c.read_timeout = env.millis("READ_TIMEOUT_MS", c.read_timeout);
    c.idle_timeout = env.millis("IDLE_TIMEOUT_MS", c.idle_timeout);
    c.shutdown_timeout = env.millis("SHUTDOWN_TIMEOUT_MS", c.shutdown_timeout);
    c.access_log = env.boolean("ACCESS_LOG", c.access_log);
    c.log_level = env.choice("LOG_LEVEL", c.log_level, {"trace", "debug", "info", "warn", "error", "off"});
    if (env.get("LOG_FORMAT")) c.log_format = env.choice("LOG_FORMAT", "json", {"text", "json"});
    c.data_dir = env.string("DATA_DIR", c.data_dir);
    if (auto proxies = env.get("TRUSTED_PROXIES")) {
        try {
            c.trusted_proxies = http::TrustedProxies::parse(*proxies);
        } catch (const std::invalid_argument& e) {
            throw ConfigError("TRUSTED_PROXIES", *proxies,
                              std::string("comma-separated IP addresses or CIDRs (not '") + e.what() + "')");
        }
    }
    return c;
}

}  // namespace rapidtrade::platform
