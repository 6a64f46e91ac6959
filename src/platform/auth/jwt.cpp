#include "platform/auth/jwt.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include <stdexcept>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace rapidtrade::platform::auth {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}

std::string base64url_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    unsigned acc = 0;
    int bits = 0;
    for (unsigned char b : bytes) {
        acc = (acc << 8) | b;
        bits += 8;
        while (bits >= 6) {
            out += kAlphabet[(acc >> (bits - 6)) & 0x3F];
            bits -= 6;
        }
    }
    if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 0x3F];
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    std::string out;
    unsigned acc = 0;
    int bits = 0;
    for (char c : text) {
        int v = c >= 'A' && c <= 'Z'   ? c - 'A'
                : c >= 'a' && c <= 'z' ? c - 'a' + 26
                : c >= '0' && c <= '9' ? c - '0' + 52
                : c == '-'             ? 62
                : c == '_'             ? 63
                                       : -1;
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            out += static_cast<char>((acc >> (bits - 8)) & 0xFF);
            bits -= 8;
        }
    }
    if (bits >= 6) return std::nullopt;  // a lone trailing character cannot encode a byte
    return out;
}

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char d : digest) {
        out += kHex[d >> 4];
        out += kHex[d & 0xF];
    }
    return out;
}

struct SigningKey::Impl {
    EVP_PKEY* key = nullptr;
    bool has_private = false;
    ~Impl() { EVP_PKEY_free(key); }
};

SigningKey::SigningKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
    kid_ = sha256_hex(public_raw()).substr(0, 16);
}
SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::~SigningKey() = default;

SigningKey SigningKey::generate() {
    auto impl = std::make_unique<Impl>();
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
    if (ctx == nullptr || EVP_PKEY_keygen_init(ctx) <= 0 || EVP_PKEY_keygen(ctx, &impl->key) <= 0) {
        EVP_PKEY_CTX_free(ctx);
        throw std::runtime_error("cannot generate an Ed25519 key");
    }
    EVP_PKEY_CTX_free(ctx);
    impl->has_private = true;
    return SigningKey(std::move(impl));
}

SigningKey SigningKey::from_private_pem(const std::string& pem) {
    auto impl = std::make_unique<Impl>();
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    impl->key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (impl->key == nullptr || EVP_PKEY_id(impl->key) != EVP_PKEY_ED25519)
        throw std::runtime_error("not an Ed25519 private key in PEM (PKCS#8) form");
    impl->has_private = true;
    return SigningKey(std::move(impl));
}

SigningKey SigningKey::from_public_raw(const std::string& raw32) {
    auto impl = std::make_unique<Impl>();
    impl->key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                            reinterpret_cast<const unsigned char*>(raw32.data()), raw32.size());
    if (impl->key == nullptr) throw std::runtime_error("not an Ed25519 public key");
    return SigningKey(std::move(impl));
}

std::string SigningKey::public_raw() const {
    std::size_t len = 32;
    std::string out(len, '\0');
    EVP_PKEY_get_raw_public_key(impl_->key, reinterpret_cast<unsigned char*>(out.data()), &len);
    out.resize(len);
    return out;
}

std::string SigningKey::private_pem() const {
    if (!impl_->has_private) return {};
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, impl_->key, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(n));
    BIO_free(bio);
    return out;
}

boost::json::object SigningKey::jwk() const {
    return {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", base64url_encode(public_raw())},
            {"kid", kid_},  {"alg", "EdDSA"},   {"use", "sig"}};
}

std::string SigningKey::sign(std::string_view message) const {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t len = 64;
    std::string sig(len, '\0');
    bool ok = EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, impl_->key) == 1 &&
              EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                             reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok) throw std::runtime_error("Ed25519 signing failed");
    sig.resize(len);
    return sig;
}

bool SigningKey::verify(std::string_view message, std::string_view signature) const {
    if (signature.size() != 64) return false;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    bool ok = EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, impl_->key) == 1 &&
              EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                               reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

bool Claims::has_role(std::string_view role) const {
    for (const auto& r : roles)
        if (r == role) return true;
    return false;
}

std::string sign_token(const SigningKey& key, const Claims& c) {
    using std::chrono::duration_cast;
    using std::chrono::seconds;
    boost::json::object header{{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", key.kid()}};
    boost::json::array roles;
    for (const auto& r : c.roles) roles.push_back(boost::json::string(r));
    boost::json::object payload{{"iss", c.issuer},
                                {"sub", c.subject},
                                {"iat", duration_cast<seconds>(c.issued_at.time_since_epoch()).count()},
                                {"exp", duration_cast<seconds>(c.expires_at.time_since_epoch()).count()},
                                {"roles", std::move(roles)}};
    std::string input =
        base64url_encode(boost::json::serialize(header)) + "." + base64url_encode(boost::json::serialize(payload));
    return input + "." + base64url_encode(key.sign(input));
}

std::string_view describe(TokenError e) {
    switch (e) {
        case TokenError::malformed: return "the access token is malformed";
        case TokenError::unsupported_algorithm: return "the access token uses an algorithm that is not accepted";
        case TokenError::unknown_key: return "the access token was signed with an unknown key";
        case TokenError::bad_signature: return "the access token signature is invalid";
        case TokenError::expired: return "the access token has expired";
        case TokenError::wrong_issuer: return "the access token was not issued by this shop";
    }
    return "invalid access token";
}

std::optional<Decoded> decode_token(std::string_view token, TokenError& error) {
    error = TokenError::malformed;
    if (token.size() > 4096) return std::nullopt;
    auto dot1 = token.find('.');
    auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) return std::nullopt;
    auto header_text = base64url_decode(token.substr(0, dot1));
    auto payload_text = base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1));
    auto signature = base64url_decode(token.substr(dot2 + 1));
    if (!header_text || !payload_text || !signature) return std::nullopt;
    boost::system::error_code ec;
    auto header = boost::json::parse(*header_text, ec);
    if (ec || !header.is_object()) return std::nullopt;
    auto payload = boost::json::parse(*payload_text, ec);
    if (ec || !payload.is_object()) return std::nullopt;
    const auto* alg = header.as_object().if_contains("alg");
    if (alg == nullptr || !alg->is_string() || alg->as_string() != "EdDSA") {
        error = TokenError::unsupported_algorithm;
        return std::nullopt;
    }
    const auto* kid = header.as_object().if_contains("kid");
    if (kid == nullptr || !kid->is_string()) return std::nullopt;
    return Decoded{std::string(kid->as_string()), std::string(token.substr(0, dot2)), std::move(*signature),
                   std::move(payload.as_object())};
}

std::optional<Claims> verify_token(const Decoded& d, const SigningKey& key, std::string_view issuer, TokenError& error,
                                   std::chrono::seconds leeway) {
    if (!key.verify(d.signing_input, d.signature)) {
        error = TokenError::bad_signature;
        return std::nullopt;
    }
    const auto& p = d.payload;
    auto sub = p.if_contains("sub");
    auto exp = p.if_contains("exp");
    auto iat = p.if_contains("iat");
    auto iss = p.if_contains("iss");
    if (!sub || !sub->is_string() || !exp || !exp->is_int64() || !iss || !iss->is_string()) {
        error = TokenError::malformed;
        return std::nullopt;
    }
    if (iss->as_string() != issuer) {
        error = TokenError::wrong_issuer;
        return std::nullopt;
    }
    Claims c;
    c.subject = std::string(sub->as_string());
    c.issuer = std::string(iss->as_string());
    c.expires_at = std::chrono::system_clock::time_point(std::chrono::seconds(exp->as_int64()));
    if (iat && iat->is_int64()) c.issued_at = std::chrono::system_clock::time_point(std::chrono::seconds(iat->as_int64()));
    if (std::chrono::system_clock::now() - leeway > c.expires_at) {
        error = TokenError::expired;
        return std::nullopt;
    }
    if (auto roles = p.if_contains("roles"); roles && roles->is_array())
        for (const auto& r : roles->as_array())
            if (r.is_string()) c.roles.emplace_back(r.as_string());
    return c;
}

}  // namespace rapidtrade::platform::auth
