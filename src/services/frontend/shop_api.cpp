#include "services/frontend/shop_api.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace rapidtrade::frontend {

namespace {
thread_local const platform::i18n::Language* speaking = nullptr;  // the page's, while it is served
}

ShopApi::Speaking::Speaking(const platform::i18n::Language& language) : previous_(speaking) { speaking = &language; }
ShopApi::Speaking::~Speaking() { speaking = previous_; }

ShopApi::Headers ShopApi::with_token(const std::string& token, Headers extra) {
    if (!token.empty()) extra.emplace_back("Authorization", "Bearer " + token);
    // One of two fixed codes, never the visitor's own header.
    if (speaking) extra.emplace_back("Accept-Language", std::string(platform::i18n::code(*speaking)));
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

platform::http::ClientResponse ShopApi::product_history(const std::string& product_id, const std::string& token,
                                                        int page, int per_page) {
    auto target = platform::http::Target{"apis", "products", product_id, "history"};
    target.query("page", page).query("per_page", per_page);
    return get("catalog", target, token);
}

platform::http::ClientResponse ShopApi::customer_history(const std::string& customer_id, const std::string& token,
                                                         int page, int per_page) {
    auto target = platform::http::Target{"apis", "customers", customer_id, "history"};
    target.query("page", page).query("per_page", per_page);
    return get("customers", target, token);
}

platform::http::ClientResponse ShopApi::as_staff(const char* service, platform::http::Verb verb,
                                                const platform::http::Target& target, const std::string& token,
                                                const boost::json::value& body) {
    if (body.is_null()) return as_staff(service, verb, target, token, std::string(), std::string());
    return as_staff(service, verb, target, token, boost::json::serialize(body), "application/json");
}

platform::http::ClientResponse ShopApi::as_staff(const char* service, platform::http::Verb verb,
                                                const platform::http::Target& target, const std::string& token,
                                                std::string bytes, const std::string& content_type) {
    auto upstream = upstreams_.get(service);
    upstream.api_key.clear();
    Headers headers = with_token(token);
    if (!content_type.empty()) headers.emplace_back("Content-Type", content_type);
    return client_.request(upstream, verb, target, std::move(bytes), headers);
}

ShopApi::Problem ShopApi::problem_of(const platform::http::ClientResponse& res) {
    return platform::http::read_problem(res.body).value_or(Problem{});
}

}  // namespace rapidtrade::frontend
