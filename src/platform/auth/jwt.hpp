#pragma once
// Compact JWS tokens signed with RSA-2048 / SHA-256 ("RS256", RFC 7518) through OpenSSL. Only
// RS256 is accepted when verifying: "none", HS256 and every other algorithm are refused, whatever
// the header says, so a token cannot choose how it is checked. RS256 rather than EdDSA because
// verification is what every service does on every request, and RSA verification is about six
// times cheaper than Ed25519's here (openssl speed: 61,600 vs 9,900 per second per core).
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace rapidtrade::platform::auth {

// An RSA key pair (private part optional: verifiers hold only public keys).
class SigningKey {
public:
    static SigningKey generate();
    static SigningKey from_private_pem(const std::string& pem);     // throws std::runtime_error
    static SigningKey from_public_jwk(const boost::json::object& jwk);  // {"kty":"RSA","n","e"}; throws
    SigningKey(SigningKey&&) noexcept;
    SigningKey& operator=(SigningKey&&) noexcept;
    ~SigningKey();

    const std::string& kid() const { return kid_; }  // derived from the public key
    std::string private_pem() const;                  // PKCS#8; empty for a public-only key
    boost::json::object jwk() const;                  // {"kty":"RSA","n","e","kid","alg":"RS256","use":"sig"}

    std::string sign(std::string_view message) const;
    bool verify(std::string_view message, std::string_view signature) const;

    struct Impl;  // OpenSSL's key, kept out of this header

private:
    explicit SigningKey(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
    std::string kid_;
};

struct Claims {
    std::string subject;  // the customer id
    std::string email;    // the customer's e-mail (normalised): what a service shows them of their own mail
    std::string issuer;
    std::vector<std::string> roles;
    std::chrono::system_clock::time_point issued_at;
    std::chrono::system_clock::time_point expires_at;
    bool has_role(std::string_view role) const;
};

std::string sign_token(const SigningKey& key, const Claims& claims);

enum class TokenError { malformed, unsupported_algorithm, unknown_key, bad_signature, expired, wrong_issuer };
std::string_view describe(TokenError e);

struct Decoded {
    std::string kid;
    std::string signing_input;  // header.payload
    std::string signature;
    boost::json::object payload;
};
// Parses without checking the signature; nullopt + error when the token is not a well-formed
// RS256 JWS.
std::optional<Decoded> decode_token(std::string_view token, TokenError& error);
// Checks signature, expiry (with `leeway`) and issuer; returns the claims or sets `error`.
std::optional<Claims> verify_token(const Decoded& decoded, const SigningKey& key, std::string_view issuer,
                                   TokenError& error, std::chrono::seconds leeway = std::chrono::seconds(30));

}  // namespace rapidtrade::platform::auth
