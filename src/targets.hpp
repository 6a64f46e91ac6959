#pragma once
// Every service the rapidtrade binary can run, by target name. The only place that knows them all.
#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "platform/service.hpp"

namespace rapidtrade {

struct Target {
    std::string_view name;
    std::string_view description;
    // The brief's name for it: PREFIX_URL (where others reach it) and PREFIX_API_KEY (its own key,
    // accepted besides API_KEY); empty for the web shop, which no service calls.
    std::string_view variable_prefix;
    std::string_view cluster_host;  // its Kubernetes Service (deploy/k8s), port 5000
    std::function<std::unique_ptr<platform::Service>(const platform::ServiceContext&)> make;
    bool stores_data = true;  // has a database (backup, restore, migrate)
};

std::span<const Target> all_targets();
const Target* find_target(std::string_view name);
// Every target's names, for platform::Upstreams.
std::vector<platform::ServiceAddress> service_addresses();

}  // namespace rapidtrade
