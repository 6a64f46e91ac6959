#include "platform/http/target.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/param.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "platform/errors.hpp"
#include "platform/text.hpp"

namespace rapidtrade::platform::http {

Target::Target(std::initializer_list<std::string_view> segments) {
    url_.set_path_absolute(true);
    for (auto s : segments) segment(s);
}

Target& Target::segment(std::string_view value) {
    if (value.empty() || value == "." || value == "..")
        throw BadRequest("path", Msg("api.request.path_segment_invalid"));
    if (!is_valid_utf8(value)) throw BadRequest("path", Msg("api.request.path_segment_not_utf8"));
    url_.segments().push_back(value);
    return *this;
}

Target& Target::slash() {
    url_.segments().push_back("");
    return *this;
}

Target& Target::query(std::string_view key, std::string_view value) {
    if (!is_valid_utf8(key) || !is_valid_utf8(value)) throw BadRequest("query", Msg("api.request.query_value_not_utf8"));
    // Everything but the unreserved characters encoded: Boost.URL's own query encoding leaves '+'
    // (which servers read as a space) and '[' ']' as they are (found by tests/fuzz/target_fuzz).
    auto k = boost::urls::encode(key, boost::urls::unreserved_chars);
    auto v = boost::urls::encode(value, boost::urls::unreserved_chars);
    url_.encoded_params().append(boost::urls::param_pct_view(k, v));
    return *this;
}

Target& Target::query(std::string_view key, std::int64_t value) { return query(key, std::to_string(value)); }

std::string Target::encoded() const {
    auto t = url_.encoded_target();
    return t.empty() ? std::string("/") : std::string(t);
}

bool is_valid_header_name(std::string_view name) {
    if (name.empty()) return false;
    for (unsigned char c : name) {
        bool token = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
        if (!token) return false;
    }
    return true;
}

bool is_valid_header_value(std::string_view value) {
    for (unsigned char c : value)
        if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
    return true;
}

}  // namespace rapidtrade::platform::http
