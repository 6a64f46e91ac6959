#pragma once
// Byte encodings every service shares: Base64 (MIME bodies), Base64url (tokens, cookies, ids) and
// SHA-256 in hex (stored hashes of secrets, content fingerprints). libsodium does the Base64
// (constant-time, strict on decode); OpenSSL the hash.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rapidtrade::platform {

// RFC 4648 section 4, with '=' padding.
std::string base64_encode(std::string_view bytes);
// nullopt unless `text` is canonical padded Base64 (RFC 4648 section 4), as base64_encode writes it.
std::optional<std::string> base64_decode(std::string_view text);
// RFC 4648 section 5 without padding (JWS, cookies).
std::string base64url_encode(std::string_view bytes);
// nullopt unless `text` is canonical unpadded Base64url: only the alphabet, no lone trailing
// character, and the unused low bits of the last character zero (otherwise several strings would
// decode to the same bytes, and a signed token would have look-alikes that verify too).
std::optional<std::string> base64url_decode(std::string_view text);
// Lower-case hex of SHA-256(bytes).
std::string sha256_hex(std::string_view bytes);
// Appends the 16 lower-case hex digits of `value` to `out`, most significant first (what printf's
// %016llx writes, without its format parsing on every request: request ids, trace ids, ETags).
void append_hex64(std::string& out, std::uint64_t value);

}  // namespace rapidtrade::platform
