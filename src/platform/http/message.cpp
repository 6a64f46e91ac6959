#include "platform/http/message.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "platform/errors.hpp"
#include "platform/text.hpp"

namespace rapidtrade::platform::http {

std::string_view Request::header(std::string_view name) const {
    auto it = raw.find(name);
    return it == raw.end() ? std::string_view{} : std::string_view(it->value());
}

const std::string& Request::param(std::string_view name) const {
    for (const auto& [k, v] : params)
        if (k == name) return v;
    static const std::string kEmpty;
    return kEmpty;
}

std::optional<std::string_view> Request::query_param(std::string_view name) const {
    for (const auto& [k, v] : query)
        if (k == name) return std::string_view(v);
    return std::nullopt;
}

namespace {

bool is_json_media_type(std::string_view content_type) {
    auto semi = content_type.find(';');
    auto type = content_type.substr(0, semi);
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    std::string lower(type);
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == "application/json" || (lower.starts_with("application/") && lower.ends_with("+json"));
}

}  // namespace

boost::json::value Request::json() const {
    if (!is_json_media_type(header("Content-Type")))
        throw UnsupportedMediaType(Msg("api.body.json_expected"));
    const std::string& body = raw.body();
    if (body.empty()) throw BadRequest("body", Msg("api.body.empty"));
    // Boost.JSON rejects invalid UTF-8 itself, but the check here gives a clearer message.
    if (!is_valid_utf8(body)) throw BadRequest("body", Msg("api.body.not_utf8"));
    boost::system::error_code ec;
    boost::json::parse_options options;
    options.max_depth = 32;
    auto value = boost::json::parse(body, ec, {}, options);
    if (ec) throw BadRequest("body", Msg("api.body.malformed_json", {{"error", ec.message()}}));
    return value;
}

boost::json::object Request::json_object() const {
    auto value = json();
    if (!value.is_object()) throw BadRequest("body", Msg("api.body.object_expected"));
    return std::move(value.as_object());
}

Response json_response(unsigned status, const boost::json::value& body) {
    Response res{static_cast<bhttp::status>(status), 11};
    res.set(bhttp::field::content_type, "application/json; charset=utf-8");
    res.body() = boost::json::serialize(body);
    return res;
}

Response empty_response(unsigned status) { return Response{static_cast<bhttp::status>(status), 11}; }

Response bytes_response(unsigned status, std::string body, std::string_view content_type) {
    Response res{static_cast<bhttp::status>(status), 11};
    res.set(bhttp::field::content_type, content_type);
    res.body() = std::move(body);
    return res;
}

}  // namespace rapidtrade::platform::http
