// Access tokens (platform/auth/jwt): base64url both ways, decode_token and verify_token on any
// input. Invariants: base64url_encode then _decode gives the bytes back; a decoded text re-encodes
// to as many characters; verify_token never accepts a token the fuzzer made up (the key is
// generated at start-up, so no seed can carry a valid signature). At start-up a token signed with
// that key must verify, to prove the harness can tell a good token from a bad one.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "platform/auth/jwt.hpp"
#include "platform/encoding.hpp"

namespace {

namespace auth = rapidtrade::platform::auth;
namespace platform = rapidtrade::platform;
constexpr const char* kIssuer = "rapidtrade-auth";

const auth::SigningKey& key() {
    static const auth::SigningKey k = auth::SigningKey::generate();
    return k;
}

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "jwt_fuzz invariant broken: %s\n", what);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    auth::Claims c;
    c.subject = "customer";
    c.issuer = kIssuer;
    c.issued_at = std::chrono::system_clock::now();
    c.expires_at = c.issued_at + std::chrono::minutes(15);
    auth::TokenError error;
    auto decoded = auth::decode_token(auth::sign_token(key(), c), error);
    if (!decoded || !auth::verify_token(*decoded, key(), kIssuer, error)) fail("a genuine token does not verify");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);

    auto back = platform::base64url_decode(platform::base64url_encode(input));
    if (!back || *back != input) fail("base64url_decode(base64url_encode(x)) != x");
    if (auto bytes = platform::base64url_decode(input)) {
        auto again = platform::base64url_encode(*bytes);
        if (again.size() != input.size()) fail("a decoded text re-encodes to another length");
        if (platform::base64url_decode(again) != bytes) fail("re-encoding changes the bytes");
    }

    auth::TokenError error;
    auto decoded = auth::decode_token(input, error);
    if (!decoded) return 0;
    if (input.substr(0, decoded->signing_input.size()) != decoded->signing_input) fail("signing input is not a prefix");
    // The token's own issuer too, so that only the signature can refuse it.
    std::string issuer = kIssuer;
    if (const auto* iss = decoded->payload.if_contains("iss"); iss && iss->is_string()) issuer = iss->as_string();
    if (auth::verify_token(*decoded, key(), issuer, error, std::chrono::hours(24 * 365 * 100)))
        fail("verify_token accepted a made-up token");
    if (error != auth::TokenError::bad_signature)
        fail("a made-up token is refused for another reason than its signature");
    return 0;
}
