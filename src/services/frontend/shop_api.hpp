#pragma once
// The frontend's calls to the other services, over their HTTP APIs with the service key, on the
// visitor's behalf (their access token when logged in).
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "platform/http/client.hpp"
#include "platform/http/problem.hpp"
#include "platform/i18n/language.hpp"
#include "platform/upstreams.hpp"

namespace rapidtrade::frontend {

class ShopApi {
public:
    // The visitor's language for the calls this thread makes while it lives (a page is served on
    // one worker thread, from start to end): each carries `Accept-Language: fr|en`, so the
    // services answer (problem+json details) in it (issue 17). It follows `language` as it changes
    // during the page (a log-in applies the profile's).
    class Speaking {
    public:
        explicit Speaking(const platform::i18n::Language& language);
        ~Speaking();
        Speaking(const Speaking&) = delete;
        Speaking& operator=(const Speaking&) = delete;

    private:
        const platform::i18n::Language* previous_;
    };

    ShopApi(platform::http::HttpClient& client, const platform::Upstreams& upstreams)
        : client_(client), upstreams_(upstreams) {}

    using Headers = std::vector<std::pair<std::string, std::string>>;
    platform::http::ClientResponse get(const char* service, const platform::http::Target& target,
                                       const std::string& token = {}, Headers extra = {});
    platform::http::ClientResponse send(const char* service, platform::http::Verb verb, const platform::http::Target& target,
                                        const boost::json::value& body, const std::string& token = {},
                                        Headers extra = {});
    platform::http::ClientResponse remove(const char* service, const platform::http::Target& target, const std::string& token = {});

    // A page of a history (issue 15; newest first, {items, page, per_page, total}), asked with the
    // staff member's own `token` (the services answer it to staff only). The id is the caller's to
    // check first (is_product_id, is_customer_id). The back-office's product page is to show the
    // first; the customer page shows the second.
    platform::http::ClientResponse product_history(const std::string& product_id, const std::string& token,
                                                   int page = 1, int per_page = 20);
    platform::http::ClientResponse customer_history(const std::string& customer_id, const std::string& token,
                                                    int page = 1, int per_page = 20);

    // A member of the staff acting: their own token and NOT the service key, so that the service
    // checks their role and records who did it (a service that sees X-Api-Key checks only the key).
    platform::http::ClientResponse as_staff(const char* service, platform::http::Verb verb, const platform::http::Target& target,
                                            const std::string& token, const boost::json::value& body = nullptr);
    // The same with raw bytes of a given type (a product photo).
    platform::http::ClientResponse as_staff(const char* service, platform::http::Verb verb, const platform::http::Target& target,
                                            const std::string& token, std::string bytes, const std::string& content_type);

    // The upstream's problem detail and field errors, for showing next to the form fields.
    using Problem = platform::http::ReceivedProblem;
    // What the service said (empty when its answer was not problem+json).
    static Problem problem_of(const platform::http::ClientResponse& res);

private:
    static Headers with_token(const std::string& token, Headers extra = {});
    platform::http::HttpClient& client_;
    const platform::Upstreams& upstreams_;
};

}  // namespace rapidtrade::frontend
