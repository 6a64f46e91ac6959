#pragma once
// The visitor's session lives in one cookie, encrypted and authenticated (libsodium secretbox,
// XSalsa20-Poly1305): the frontend keeps no database, and the cookie shows nothing in clear, not
// even the cart id. A cookie that does not decrypt is ignored (a fresh session starts).
#include <optional>
#include <string>

#include "platform/http/message.hpp"
#include "platform/i18n/language.hpp"

namespace rapidtrade::frontend {

struct Session {
    std::string cart_id;
    std::string access_token;
    std::string refresh_token;
    std::string first_name;   // shown in the menu when logged in
    std::string customer_id;
    std::string csrf;         // the anti-forgery token every form carries
    std::string flash;        // a one-time message for the next page
    std::string last_order;   // the reference the confirmation page may show
    std::string order_token;  // its access token (X-Order-Token): how a guest sees their order
    std::int64_t cart_count = 0;  // items in the cart, for the menu
    // The language of the pages (issue 17): the Accept-Language header's on a first visit, then the
    // FR / EN switch's, or the customer profile's at log-in. Kept across log-in and log-out.
    platform::i18n::Language language = platform::i18n::kDefaultLanguage;
    // Not stored: the page this request shows (path and query), where the language switch returns.
    std::string here{};
    bool changed = false;     // write the cookie back
    bool logged_in() const { return !access_token.empty(); }
};

class SessionCodec {
public:
    // `secret`: FRONTEND_SESSION_KEY, or derived from the API key (both come from the environment).
    SessionCodec(const std::string& secret, bool secure_cookie);
    Session load(const platform::http::Request& request) const;
    // Sets the cookie on the answer when the session changed (or is new).
    void store(Session& session, platform::http::Response& response) const;

    static constexpr const char* kCookie = "rt_session";

private:
    std::string encrypt(const std::string& plain) const;
    std::optional<std::string> decrypt(const std::string& sealed) const;
    unsigned char key_[32];
    bool secure_;
};

}  // namespace rapidtrade::frontend
