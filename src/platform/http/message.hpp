#pragma once
// What a handler sees (Request) and gives back (Response), plus the helpers that build answers.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>

namespace rapidtrade::platform::http {

namespace bhttp = boost::beast::http;
using RawRequest = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;
using Verb = bhttp::verb;

struct Request {
    RawRequest raw;
    std::string path;  // percent-decoded, without the query
    std::vector<std::pair<std::string, std::string>> query;  // percent-decoded, valid UTF-8
    std::vector<std::pair<std::string, std::string>> params;  // from the route pattern, e.g. {id}
    std::string request_id;
    std::string trace_id;        // W3C trace id: from traceparent, or new
    std::string span_id;         // this request's span, the parent of its calls (only when spans are exported)
    std::string parent_span_id;  // the caller's span (from traceparent), or empty
    std::string remote_address;  // the connection's peer
    // The client: the peer, or what X-Forwarded-For says when the peer is a trusted proxy
    // (TRUSTED_PROXIES). Through a trusted proxy, `forwarded` is true.
    std::string client_address;
    bool forwarded = false;

    Verb method() const { return raw.method(); }
    std::string_view header(std::string_view name) const;
    // A path parameter declared in the route pattern (always present when the route matched).
    const std::string& param(std::string_view name) const;
    std::optional<std::string_view> query_param(std::string_view name) const;
    // The body parsed as JSON: 415 unless the content type is JSON, 400 naming the problem if it
    // is not well-formed JSON or not valid UTF-8.
    boost::json::value json() const;
    // Same, and the top level must be an object.
    boost::json::object json_object() const;
};

Response json_response(unsigned status, const boost::json::value& body);
Response empty_response(unsigned status);
Response bytes_response(unsigned status, std::string body, std::string_view content_type);

}  // namespace rapidtrade::platform::http
