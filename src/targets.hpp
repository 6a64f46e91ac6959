#pragma once
// Every service the rapidtrade binary can run, by target name. The only place that knows them all.
#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "platform/service.hpp"

namespace rapidtrade {

struct Target {
    std::string_view name;
    std::string_view description;
    // The service's own *_API_KEY variable from the brief (besides API_KEY), or empty.
    std::string_view api_key_variable;
    std::function<std::unique_ptr<platform::Service>(const platform::ServiceContext&)> make;
    bool stores_data = true;  // has a database (backup, restore, migrate)
};

std::span<const Target> all_targets();
const Target* find_target(std::string_view name);

}  // namespace rapidtrade
