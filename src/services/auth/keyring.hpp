#pragma once
// The keys that sign access tokens. From AUTH_SIGNING_KEY (an RSA private key in PEM, for a
// cluster's Secret) or, by default, generated on first start and kept in the auth database, so
// every replica and every restart signs with the same key. All known keys are published in JWKS;
// the oldest signs (keys added later wait their turn, which makes rotation a two-step change).
#include <memory>
#include <vector>

#include <boost/json/object.hpp>

#include "platform/auth/jwt.hpp"
#include "services/auth/store.hpp"

namespace rapidtrade::auth {

class KeyRing {
public:
    // Loads (or creates) the keys; throws on an invalid AUTH_SIGNING_KEY.
    KeyRing(AuthStore& store, const std::optional<std::string>& pem_from_env);
    const platform::auth::SigningKey& signer() const { return *keys_.front(); }
    const std::vector<std::unique_ptr<platform::auth::SigningKey>>& keys() const { return keys_; }
    boost::json::object jwks() const;

private:
    std::vector<std::unique_ptr<platform::auth::SigningKey>> keys_;
};

}  // namespace rapidtrade::auth
