#pragma once
// Where each service is reached, and with which key, from the brief's variables:
// PRODUCTCATALOGSERVICE_URL, CUSTOMERSERVICE_URL, AUTHSERVICE_URL, CARTSERVICE_URL,
// CHECKOUTSERVICE_URL (+ SHIPPINGSERVICE_URL, PAYMENTSERVICE_URL, EMAILSERVICE_URL), each with its
// *_API_KEY (default: API_KEY). Unset URLs point at this very process in the all-in-one mode, and
// at the cluster's service names (http://auth-service:5000) otherwise. In the all-in-one mode the
// process's own services are called without a socket (http::InProcessCalls) unless
// INTERNAL_CALLS=http: the same requests through the same pipeline, over loopback TCP.
#include <atomic>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "platform/config.hpp"
#include "platform/http/client.hpp"
#include "platform/http/in_process.hpp"

namespace rapidtrade::platform {

// How a service is named in the brief's variables and in the cluster. The list of them is the
// registry of targets (src/targets.cpp), handed over by main.
struct ServiceAddress {
    std::string_view service;          // "catalog"
    std::string_view variable_prefix;  // "PRODUCTCATALOGSERVICE": PRODUCTCATALOGSERVICE_URL, _API_KEY
    std::string_view cluster_host;     // "productcatalog-service": the Kubernetes Service's name
};

class Upstreams {
public:
    // Validates every *_URL now (ConfigError on a bad one).
    Upstreams(const Env& env, bool all_in_one, std::string api_key, std::span<const ServiceAddress> services);
    // The all-in-one process learns its server once listening; detach_self() before the server
    // goes (waits for the in-process calls in flight).
    void attach_self(http::Server& server, std::uint16_t port);
    void detach_self() { in_process_.detach(); }
    http::Upstream get(std::string_view service) const;

private:
    struct Entry {
        std::string url;  // empty = this process
        std::string api_key;
    };
    std::map<std::string, Entry, std::less<>> entries_;
    std::atomic<std::uint16_t> self_port_{0};
    bool calls_in_process_ = false;
    mutable http::InProcessCalls in_process_;  // handed out by get(), a const lookup
};

}  // namespace rapidtrade::platform
