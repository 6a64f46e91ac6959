#include "platform/clock.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace rapidtrade::platform {

std::string iso_utc(std::chrono::system_clock::time_point t) {
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::floor<std::chrono::seconds>(t));
}

std::string french_date(std::string_view iso) {
    if (iso.size() < 10) return std::string(iso);
    return fmt::format("{}/{}/{}", iso.substr(8, 2), iso.substr(5, 2), iso.substr(0, 4));
}

}  // namespace rapidtrade::platform
