#include "platform/encoding.hpp"

#include <openssl/sha.h>
#include <sodium.h>

namespace rapidtrade::platform {
namespace {

std::string encode(std::string_view bytes, int variant) {
    std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      variant);
    out.pop_back();  // the terminating NUL libsodium writes
    return out;
}

}  // namespace

std::string base64_encode(std::string_view bytes) { return encode(bytes, sodium_base64_VARIANT_ORIGINAL); }

std::string base64url_encode(std::string_view bytes) {
    return encode(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

namespace {

std::optional<std::string> decode(std::string_view text, int variant) {
    std::string out(text.size() * 3 / 4 + 1, '\0');
    std::size_t length = 0;
    const char* end = nullptr;
    // libsodium refuses characters outside the alphabet, a lone trailing character and non-zero
    // unused bits; `end` tells whether it stopped before the end of the text.
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &length, &end, variant) != 0 ||
        end != text.data() + text.size())
        return std::nullopt;
    out.resize(length);
    return out;
}

}  // namespace

std::optional<std::string> base64url_decode(std::string_view text) {
    return decode(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::optional<std::string> base64_decode(std::string_view text) { return decode(text, sodium_base64_VARIANT_ORIGINAL); }

void append_hex64(std::string& out, std::uint64_t value) {
    unsigned char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(value >> (56 - 8 * i));
    char hex[17];
    sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
    out.append(hex, 16);
}

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * sizeof digest);
    for (unsigned char d : digest) {
        out += kHex[d >> 4];
        out += kHex[d & 0xF];
    }
    return out;
}

}  // namespace rapidtrade::platform
