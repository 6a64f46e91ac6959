#include "platform/clock.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace rapidtrade::platform {

std::string iso_utc(std::chrono::system_clock::time_point t) {
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::floor<std::chrono::seconds>(t));
}

}  // namespace rapidtrade::platform
