#include "platform/ids.hpp"

#include "platform/encoding.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace rapidtrade::platform {
namespace {

void random_bytes(unsigned char* out, std::size_t n) {
    if (RAND_bytes(out, static_cast<int>(n)) != 1) throw std::runtime_error("the system random generator failed");
}

// Draws from `alphabet` without modulo bias (rejection sampling).
std::string random_from(std::string_view alphabet, std::size_t length) {
    std::string out;
    out.reserve(length);
    const unsigned limit = 256 - (256 % alphabet.size());
    unsigned char buf[64];
    while (out.size() < length) {
        random_bytes(buf, sizeof buf);
        for (unsigned char b : buf) {
            if (b >= limit) continue;
            out += alphabet[b % alphabet.size()];
            if (out.size() == length) break;
        }
    }
    return out;
}

}  // namespace

std::string random_id(std::size_t length) { return random_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", length); }

std::string random_digits(std::size_t length) {
    if (length == 0) return {};
    return random_from("123456789", 1) + random_from("0123456789", length - 1);
}

std::string random_token(std::size_t bytes) {
    std::string raw(bytes, '\0');
    random_bytes(reinterpret_cast<unsigned char*>(raw.data()), raw.size());
    return platform::base64url_encode(raw);
}

namespace {

bool all_upper_alnum(std::string_view s) {
    for (char c : s)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
    return true;
}

}  // namespace

bool is_product_id(std::string_view s) { return s.size() == 10 && all_upper_alnum(s); }

bool is_email_id(std::string_view s) { return s.size() == 20 && all_upper_alnum(s); }

bool is_customer_id(std::string_view s) { return s.size() == 16 && all_upper_alnum(s); }

bool is_order_reference(std::string_view s) {
    if (s.size() != 13 || s.front() == '0') return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

bool is_random_token(std::string_view s, std::size_t bytes) {
    if (s.size() != (bytes * 4 + 2) / 3) return false;  // unpadded base64
    for (char c : s)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

bool is_cart_id(std::string_view s) { return is_random_token(s, 18); }

bool is_promo_code(std::string_view s) {
    if (s.empty() || s.size() > 32) return false;
    for (char c : s)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
    return true;
}

bool is_idempotency_key(std::string_view s) {
    if (s.empty() || s.size() > 128) return false;
    for (unsigned char c : s)
        if (c <= 0x20 || c >= 0x7f) return false;
    return true;
}

}  // namespace rapidtrade::platform
