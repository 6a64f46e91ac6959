#include "platform/paging.hpp"

#include <charconv>

#include "platform/errors.hpp"

namespace rapidtrade::platform {

std::int64_t parse_integer_param(std::string_view text, std::string_view field, std::int64_t min, std::int64_t max) {
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    Msg range("api.field.integer_range", {{"min", std::to_string(min)}, {"max", std::to_string(max)}});
    if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) throw BadRequest(std::string(field), range);
    if (value < min || value > max) throw BadRequest(std::string(field), range);
    return value;
}

Paging parse_paging(const http::Request& request, int default_per_page) {
    Paging p;
    p.per_page = default_per_page;
    if (auto v = request.query_param("page")) p.page = static_cast<int>(parse_integer_param(*v, "page", 1, 1'000'000));
    if (auto v = request.query_param("per_page"))
        p.per_page = static_cast<int>(parse_integer_param(*v, "per_page", 1, 100));
    return p;
}

boost::json::object paged(boost::json::array items, const Paging& paging, std::int64_t total) {
    return {{"items", std::move(items)}, {"page", paging.page}, {"per_page", paging.per_page}, {"total", total}};
}

}  // namespace rapidtrade::platform
