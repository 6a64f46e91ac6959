#include "services/frontend/local_page.hpp"

#include <algorithm>

#include <boost/url/parse.hpp>

namespace rapidtrade::frontend {
namespace {

// A control character (CR, LF, NUL, DEL...) or a backslash: never part of a page of the shop, even
// percent-encoded ("/%0d%0a..." decodes to a line break that a proxy might write out).
bool has_forbidden(std::string_view text) {
    for (unsigned char c : text)
        if (c < 0x20 || c == 0x7f || c == '\\') return true;
    return false;
}

}  // namespace

std::optional<platform::http::Target> local_target(std::string_view back) {
    if (back.empty() || back.size() > 2048 || back.front() != '/') return std::nullopt;
    if (back.size() > 1 && (back[1] == '/' || back[1] == '\\')) return std::nullopt;  // another host
    if (has_forbidden(back)) return std::nullopt;
    // No "." or ".." segment as written (Boost.URL hides a leading "/./" from its segments).
    auto path = back.substr(0, back.find('?'));
    for (std::size_t start = 1; start <= path.size();) {
        auto end = std::min(path.find('/', start), path.size());
        auto segment = path.substr(start, end - start);
        if (segment == "." || segment == "..") return std::nullopt;
        start = end + 1;
    }
    auto parsed = boost::urls::parse_origin_form(back);
    if (!parsed) return std::nullopt;
    try {
        platform::http::Target target{};
        auto segments = parsed->segments();
        for (auto it = segments.begin(); it != segments.end(); ++it) {
            auto segment = *it;
            if (has_forbidden(segment)) return std::nullopt;
            if (segment.empty() && std::next(it) == segments.end()) {
                target.slash();  // "/admin/": the path ends with a slash
                break;
            }
            target.segment(segment);  // throws on "", "." and "..", and on bad UTF-8
        }
        for (auto param : parsed->params()) {
            if (has_forbidden(param.key) || has_forbidden(param.value)) return std::nullopt;
            target.query(param.key, param.value);
        }
        return target;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::string local_page(std::string_view back) {
    auto target = local_target(back);
    return target ? target->encoded() : std::string("/");
}

}  // namespace rapidtrade::frontend
