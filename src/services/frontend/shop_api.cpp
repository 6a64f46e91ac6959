#include "services/frontend/shop_api.hpp"

#include <boost/json/parse.hpp>

namespace rapidtrade::frontend {

ShopApi::Headers ShopApi::with_token(const std::string& token, Headers extra) {
    if (!token.empty()) extra.emplace_back("Authorization", "Bearer " + token);
    return extra;
}

platform::http::ClientResponse ShopApi::get(const char* service, const platform::http::Target& target,
                                            const std::string& token, Headers extra) {
    return client_.get(upstreams_.get(service), target, with_token(token, std::move(extra)));
}

platform::http::ClientResponse ShopApi::send(const char* service, platform::http::Verb verb, const platform::http::Target& target,
                                             const boost::json::value& body, const std::string& token, Headers extra) {
    return client_.send_json(upstreams_.get(service), verb, target, body, with_token(token, std::move(extra)));
}

platform::http::ClientResponse ShopApi::remove(const char* service, const platform::http::Target& target, const std::string& token) {
    return client_.request(upstreams_.get(service), platform::http::Verb::delete_, target, {}, with_token(token));
}

ShopApi::Problem ShopApi::problem_of(const platform::http::ClientResponse& res) {
    Problem p;
    boost::system::error_code ec;
    auto v = boost::json::parse(res.body, ec);
    if (ec || !v.is_object()) return p;
    const auto& o = v.as_object();
    if (auto d = o.if_contains("detail"); d && d->is_string()) p.detail = std::string(d->as_string());
    if (auto r = o.if_contains("reason"); r && r->is_string()) p.reason = std::string(r->as_string());
    if (auto errs = o.if_contains("errors"); errs && errs->is_array())
        for (const auto& e : errs->as_array())
            if (e.is_object() && e.as_object().contains("field") && e.as_object().at("field").is_string())
                p.fields.emplace_back(std::string(e.as_object().at("field").as_string()),
                                      e.as_object().contains("message") && e.as_object().at("message").is_string()
                                          ? std::string(e.as_object().at("message").as_string())
                                          : std::string());
    return p;
}

}  // namespace rapidtrade::frontend
