#include "services/frontend/session.hpp"

#include <sodium.h>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "platform/encoding.hpp"
#include "platform/ids.hpp"

namespace rapidtrade::frontend {

using platform::base64url_decode;
using platform::base64url_encode;

SessionCodec::SessionCodec(const std::string& secret, bool secure) : secure_(secure) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium cannot initialise");
    // A dedicated key: the secret is hashed with a context string, so the API key itself never
    // encrypts anything.
    std::string material = "rapidtrade frontend session v1:" + secret;
    crypto_generichash(key_, sizeof key_, reinterpret_cast<const unsigned char*>(material.data()), material.size(),
                       nullptr, 0);
}

std::string SessionCodec::encrypt(const std::string& plain) const {
    std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
    auto* nonce = reinterpret_cast<unsigned char*>(out.data());
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                          plain.size(), nonce, key_);
    return base64url_encode(out);
}

std::optional<std::string> SessionCodec::decrypt(const std::string& sealed) const {
    auto raw = base64url_decode(sealed);
    if (!raw || raw->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
    const auto* nonce = reinterpret_cast<const unsigned char*>(raw->data());
    std::string plain(raw->size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), nonce + crypto_secretbox_NONCEBYTES,
                                   raw->size() - crypto_secretbox_NONCEBYTES, nonce, key_) != 0)
        return std::nullopt;
    return plain;
}

Session SessionCodec::load(const platform::http::Request& request) const {
    Session s;
    bool has_language = false;
    auto cookies = request.header("Cookie");
    std::string prefix = std::string(kCookie) + "=";
    for (std::size_t pos = 0; pos < cookies.size();) {
        auto end = cookies.find(';', pos);
        auto item = cookies.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        if (item.starts_with(prefix) && item.size() < 4096) {
            if (auto plain = decrypt(std::string(item.substr(prefix.size())))) {
                boost::system::error_code ec;
                auto v = boost::json::parse(*plain, ec);
                if (!ec && v.is_object()) {
                    auto get = [&](const char* k) {
                        auto* x = v.as_object().if_contains(k);
                        return x && x->is_string() ? std::string(x->as_string()) : std::string();
                    };
                    s.cart_id = get("c");
                    s.access_token = get("a");
                    s.refresh_token = get("r");
                    s.first_name = get("n");
                    s.customer_id = get("u");
                    s.csrf = get("x");
                    s.flash = get("f");
                    s.last_order = get("o");
                    s.order_token = get("t");
                    if (auto* k = v.as_object().if_contains("k"); k && k->is_int64()) s.cart_count = k->as_int64();
                    if (auto language = platform::i18n::parse_language(get("l"))) {
                        s.language = *language;
                        has_language = true;
                    }
                }
            }
        }
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    // A first visit (or a cookie from before issue 17): the browser's preference, hostile input
    // giving French (from_accept_language reads nothing it does not understand).
    if (!has_language) {
        s.language = platform::i18n::from_accept_language(request.header("Accept-Language"));
        s.changed = true;
    }
    // Where the language switch brings the visitor back: this page if it is one to GET again.
    // A form's answer (POST) comes back to its page without the query. Checked when used.
    std::string_view target = request.raw.target();
    s.here = request.raw.method() == boost::beast::http::verb::get ? std::string(target)
                                                                    : std::string(target.substr(0, target.find('?')));
    if (s.csrf.empty()) {
        s.csrf = platform::random_token(24);
        s.changed = true;
    }
    return s;
}

void SessionCodec::store(Session& s, platform::http::Response& response) const {
    if (!s.changed) return;
    // The object's members and strings in a buffer on the stack: a new visitor's first page sets
    // the cookie, and building it from the heap was a fifth of that page's allocations.
    unsigned char buffer[2048];
    boost::json::monotonic_resource memory(buffer, sizeof buffer);
    boost::json::object o({{"c", s.cart_id}, {"a", s.access_token}, {"r", s.refresh_token}, {"n", s.first_name},
                           {"u", s.customer_id}, {"x", s.csrf}, {"f", s.flash}, {"o", s.last_order}, {"t", s.order_token},
                           {"k", s.cart_count}, {"l", platform::i18n::code(s.language)}},
                          &memory);
    auto sealed = encrypt(boost::json::serialize(o));
    std::string cookie;
    cookie.reserve(sealed.size() + 96);
    cookie.append(kCookie).append("=").append(sealed).append("; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax");
    if (secure_) cookie.append("; Secure");
    response.insert(boost::beast::http::field::set_cookie, cookie);
}

}  // namespace rapidtrade::frontend
