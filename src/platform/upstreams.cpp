#include "platform/upstreams.hpp"

#include <stdexcept>

namespace rapidtrade::platform {
Upstreams::Upstreams(const Env& env, bool all_in_one, std::string api_key, std::span<const ServiceAddress> services) {
    for (const auto& k : services) {
        if (k.variable_prefix.empty()) continue;  // not called by other services (the web shop)
        std::string prefix(k.variable_prefix);
        Entry e;
        e.url = env.http_url(prefix + "_URL", all_in_one ? "" : "http://" + std::string(k.cluster_host) + ":5000");
        e.api_key = env.string(prefix + "_API_KEY", api_key);
        entries_.emplace(std::string(k.service), std::move(e));
    }
    calls_in_process_ = all_in_one && env.choice("INTERNAL_CALLS", "in-process", {"in-process", "http"}) == "in-process";
}

void Upstreams::attach_self(http::Server& server, std::uint16_t port) {
    self_port_ = port;
    if (calls_in_process_) in_process_.attach(server);
}

http::Upstream Upstreams::get(std::string_view service) const {
    auto it = entries_.find(service);
    if (it == entries_.end()) throw std::logic_error("unknown upstream " + std::string(service));
    std::string url = it->second.url;
    if (!url.empty()) return {std::string(service), std::move(url), it->second.api_key};
    return {std::string(service), "http://127.0.0.1:" + std::to_string(self_port_.load()), it->second.api_key,
            calls_in_process_ ? &in_process_ : nullptr};
}

}  // namespace rapidtrade::platform
