#pragma once
// List paging shared by every service: ?page=1&per_page=20 (per_page 1..100), answered as
// {"items": [...], "page", "per_page", "total"}.
#include <cstdint>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "platform/http/message.hpp"

namespace rapidtrade::platform {

struct Paging {
    int page = 1;
    int per_page = 20;
    std::int64_t offset() const { return static_cast<std::int64_t>(page - 1) * per_page; }
};

// 400 naming the parameter for anything but a positive integer in range.
Paging parse_paging(const http::Request& request, int default_per_page = 20);
boost::json::object paged(boost::json::array items, const Paging& paging, std::int64_t total);

// Parses a whole decimal integer in [min, max]; throws BadRequest(field) otherwise.
std::int64_t parse_integer_param(std::string_view text, std::string_view field, std::int64_t min, std::int64_t max);

}  // namespace rapidtrade::platform
