#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "platform/auth/jwt.hpp"
#include "platform/encoding.hpp"

using namespace rapidtrade::platform::auth;
using rapidtrade::platform::base64url_decode;
using rapidtrade::platform::base64url_encode;
using namespace std::chrono_literals;

namespace {

Claims claims_for(std::string sub, std::chrono::seconds ttl = 900s) {
    Claims c;
    c.subject = std::move(sub);
    c.issuer = "rapidtrade";
    c.roles = {"customer"};
    c.issued_at = std::chrono::system_clock::now();
    c.expires_at = c.issued_at + ttl;
    return c;
}

std::optional<Claims> check(const std::string& token, const SigningKey& key, TokenError& error) {
    auto decoded = decode_token(token, error);
    if (!decoded) return std::nullopt;
    return verify_token(*decoded, key, "rapidtrade", error);
}

std::string part(const std::string& token, int i) {
    auto a = token.find('.'), b = token.find('.', a + 1);
    return i == 0 ? token.substr(0, a) : i == 1 ? token.substr(a + 1, b - a - 1) : token.substr(b + 1);
}

}  // namespace

TEST(Base64Url, RoundTripsWithoutPadding) {
    for (std::string s : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\xff\xfe\x00", 3)}) {
        auto enc = base64url_encode(s);
        EXPECT_EQ(enc.find('='), std::string::npos);
        EXPECT_EQ(base64url_decode(enc), s);
    }
    EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
    EXPECT_FALSE(base64url_decode("a+b/"));
    EXPECT_FALSE(base64url_decode("a"));
}

TEST(Jwt, SignedTokenVerifiesAndCarriesTheClaims) {
    auto key = SigningKey::generate();
    auto token = sign_token(key, claims_for("CUSTOMER123"));
    TokenError error;
    auto claims = check(token, key, error);
    ASSERT_TRUE(claims);
    EXPECT_EQ(claims->subject, "CUSTOMER123");
    EXPECT_TRUE(claims->has_role("customer"));
    EXPECT_FALSE(claims->has_role("admin"));
    auto header = boost::json::parse(*base64url_decode(part(token, 0))).as_object();
    EXPECT_EQ(header.at("alg").as_string(), "RS256");
    EXPECT_EQ(header.at("kid").as_string(), key.kid());
}

TEST(Jwt, AnotherKeysTokenIsRefused) {
    auto key = SigningKey::generate(), other = SigningKey::generate();
    TokenError error;
    EXPECT_FALSE(check(sign_token(other, claims_for("X")), key, error));
    EXPECT_EQ(error, TokenError::bad_signature);
}

TEST(Jwt, TamperedPayloadIsRefused) {
    auto key = SigningKey::generate();
    auto token = sign_token(key, claims_for("ALICE"));
    auto payload = boost::json::parse(*base64url_decode(part(token, 1))).as_object();
    payload["sub"] = "MALLORY";
    auto forged = part(token, 0) + "." + base64url_encode(boost::json::serialize(payload)) + "." + part(token, 2);
    TokenError error;
    EXPECT_FALSE(check(forged, key, error));
    EXPECT_EQ(error, TokenError::bad_signature);
}

TEST(Jwt, AlgNoneAndOtherAlgorithmsAreRefused) {
    auto key = SigningKey::generate();
    auto token = sign_token(key, claims_for("ALICE"));
    for (const char* alg : {"none", "HS256", "EdDSA", "rs256", "RS512"}) {
        boost::json::object header{{"alg", alg}, {"typ", "JWT"}, {"kid", key.kid()}};
        auto forged = base64url_encode(boost::json::serialize(header)) + "." + part(token, 1) + ".";
        TokenError error;
        EXPECT_FALSE(check(forged, key, error)) << alg;
        EXPECT_EQ(error, TokenError::unsupported_algorithm) << alg;
    }
}

TEST(Jwt, ExpiredTokenIsRefusedAfterTheLeeway) {
    auto key = SigningKey::generate();
    TokenError error;
    EXPECT_TRUE(check(sign_token(key, claims_for("A", -10s)), key, error)) << "within the 30 s clock-skew leeway";
    EXPECT_FALSE(check(sign_token(key, claims_for("A", -60s)), key, error));
    EXPECT_EQ(error, TokenError::expired);
}

TEST(Jwt, WrongIssuerIsRefused) {
    auto key = SigningKey::generate();
    auto c = claims_for("A");
    c.issuer = "someone-else";
    TokenError error;
    EXPECT_FALSE(check(sign_token(key, c), key, error));
    EXPECT_EQ(error, TokenError::wrong_issuer);
}

TEST(Jwt, MalformedTokensAreRefused) {
    TokenError error;
    for (std::string t : std::vector<std::string>{"", "abc", "a.b", "a.b.c.d", "!!!.???.***", std::string(5000, 'a')}) {
        EXPECT_FALSE(decode_token(t, error)) << t.substr(0, 20);
        EXPECT_EQ(error, TokenError::malformed);
    }
}

TEST(SigningKey, SurvivesPemAndPublicRoundTrips) {
    auto key = SigningKey::generate();
    auto again = SigningKey::from_private_pem(key.private_pem());
    EXPECT_EQ(again.kid(), key.kid());
    auto pub = SigningKey::from_public_jwk(key.jwk());
    EXPECT_EQ(pub.kid(), key.kid());
    EXPECT_TRUE(pub.verify("message", key.sign("message")));
    EXPECT_FALSE(pub.verify("massage", key.sign("message")));
    EXPECT_TRUE(pub.private_pem().empty());
    EXPECT_THROW(SigningKey::from_private_pem("not a key"), std::runtime_error);
    auto jwk = key.jwk();
    EXPECT_EQ(jwk.at("kty").as_string(), "RSA");
    EXPECT_EQ(jwk.at("alg").as_string(), "RS256");
    EXPECT_EQ(jwk.at("e").as_string(), "AQAB");
    EXPECT_THROW(SigningKey::from_public_jwk({{"kty", "RSA"}, {"n", "AQAB"}, {"e", "AQAB"}}), std::runtime_error);
    EXPECT_THROW(SigningKey::from_public_jwk({{"kty", "OKP"}, {"x", "AQAB"}}), std::runtime_error);
}

// One string per byte sequence: the unused bits of the last character must be zero, or a token
// would have look-alikes that verify too (found by tests/fuzz/jwt_fuzz).
TEST(Base64Url, OnlyTheCanonicalSpellingDecodes) {
    EXPECT_EQ(base64url_decode("QQ").value_or("?"), "A");
    EXPECT_FALSE(base64url_decode("QR"));
    EXPECT_EQ(base64url_decode("QUI").value_or("?"), "AB");
    EXPECT_FALSE(base64url_decode("QUJ"));
}
