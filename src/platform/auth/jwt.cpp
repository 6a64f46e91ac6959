#include "platform/auth/jwt.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <stdexcept>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "platform/encoding.hpp"

namespace rapidtrade::platform::auth {

struct SigningKey::Impl {
    EVP_PKEY* key = nullptr;
    bool has_private = false;
    // A verification context set up once and copied per call: EVP_DigestVerifyInit looks up the
    // algorithm implementations each time, which costs a third of a verification.
    EVP_MD_CTX* verify_prototype = nullptr;
    ~Impl() {
        EVP_MD_CTX_free(verify_prototype);
        EVP_PKEY_free(key);
    }
    void prepare_verification() {
        verify_prototype = EVP_MD_CTX_new();
        if (EVP_DigestVerifyInit(verify_prototype, nullptr, EVP_sha256(), nullptr, key) != 1)
            throw std::runtime_error("cannot prepare RSA verification");
    }

    std::string big_number(const char* name) const {
        BIGNUM* bn = nullptr;
        if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) throw std::runtime_error("cannot read the RSA key");
        std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
        BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
        BN_free(bn);
        return out;
    }
};

namespace {

// The key id: a digest of the public key, so the same key always gets the same kid.
std::string kid_of(const SigningKey::Impl& impl) {
    return sha256_hex(impl.big_number(OSSL_PKEY_PARAM_RSA_N) + "." + impl.big_number(OSSL_PKEY_PARAM_RSA_E)).substr(0, 16);
}

}  // namespace

SigningKey::SigningKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
    kid_ = kid_of(*impl_);
    impl_->prepare_verification();
}
SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::~SigningKey() = default;

SigningKey SigningKey::generate() {
    auto impl = std::make_unique<Impl>();
    impl->key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048));
    if (impl->key == nullptr) throw std::runtime_error("cannot generate an RSA key");
    impl->has_private = true;
    return SigningKey(std::move(impl));
}

SigningKey SigningKey::from_private_pem(const std::string& pem) {
    auto impl = std::make_unique<Impl>();
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    impl->key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (impl->key == nullptr || EVP_PKEY_get_base_id(impl->key) != EVP_PKEY_RSA || EVP_PKEY_get_bits(impl->key) < 2048)
        throw std::runtime_error("not an RSA private key (2048 bits or more) in PEM form");
    impl->has_private = true;
    return SigningKey(std::move(impl));
}

SigningKey SigningKey::from_public_jwk(const boost::json::object& jwk) {
    auto field = [&](const char* name) -> std::string {
        const auto* v = jwk.if_contains(name);
        std::optional<std::string> bytes = v && v->is_string() ? base64url_decode(v->as_string()) : std::nullopt;
        if (!bytes || bytes->empty()) throw std::runtime_error(std::string("the JWK has no valid \"") + name + "\"");
        return *bytes;
    };
    const auto* kty = jwk.if_contains("kty");
    if (kty == nullptr || !kty->is_string() || kty->as_string() != "RSA") throw std::runtime_error("not an RSA JWK");
    auto n = field("n"), e = field("e");
    BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr);
    BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr);
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n);
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e);
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
    auto impl = std::make_unique<Impl>();
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    bool ok = ctx && EVP_PKEY_fromdata_init(ctx) == 1 &&
              EVP_PKEY_fromdata(ctx, &impl->key, EVP_PKEY_PUBLIC_KEY, params) == 1;
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn_n);
    BN_free(bn_e);
    if (!ok || EVP_PKEY_get_bits(impl->key) < 2048) throw std::runtime_error("the JWK is not a usable RSA public key");
    return SigningKey(std::move(impl));
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
    return {{"kty", "RSA"},
            {"n", base64url_encode(impl_->big_number(OSSL_PKEY_PARAM_RSA_N))},
            {"e", base64url_encode(impl_->big_number(OSSL_PKEY_PARAM_RSA_E))},
            {"kid", kid_},
            {"alg", "RS256"},
            {"use", "sig"}};
}

std::string SigningKey::sign(std::string_view message) const {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t len = 0;
    std::string sig;
    bool ok = EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, impl_->key) == 1 &&
              EVP_DigestSignUpdate(ctx, message.data(), message.size()) == 1 &&
              EVP_DigestSignFinal(ctx, nullptr, &len) == 1;
    if (ok) {
        sig.resize(len);
        ok = EVP_DigestSignFinal(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len) == 1;
        sig.resize(len);
    }
    EVP_MD_CTX_free(ctx);
    if (!ok) throw std::runtime_error("RSA signing failed");
    return sig;
}

bool SigningKey::verify(std::string_view message, std::string_view signature) const {
    if (signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(impl_->key))) return false;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    bool ok = EVP_MD_CTX_copy_ex(ctx, impl_->verify_prototype) == 1 &&
              EVP_DigestVerifyUpdate(ctx, message.data(), message.size()) == 1 &&
              EVP_DigestVerifyFinal(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size()) == 1;
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
    boost::json::object header{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", key.kid()}};
    boost::json::array roles;
    for (const auto& r : c.roles) roles.push_back(boost::json::string(r));
    boost::json::object payload{{"iss", c.issuer},
                                {"sub", c.subject},
                                {"iat", duration_cast<seconds>(c.issued_at.time_since_epoch()).count()},
                                {"exp", duration_cast<seconds>(c.expires_at.time_since_epoch()).count()},
                                {"roles", std::move(roles)}};
    if (!c.email.empty()) payload["email"] = c.email;
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
    if (alg == nullptr || !alg->is_string() || alg->as_string() != "RS256") {
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
    if (auto email = p.if_contains("email"); email && email->is_string()) c.email = std::string(email->as_string());
    if (auto roles = p.if_contains("roles"); roles && roles->is_array())
        for (const auto& r : roles->as_array())
            if (r.is_string()) c.roles.emplace_back(r.as_string());
    return c;
}

}  // namespace rapidtrade::platform::auth
