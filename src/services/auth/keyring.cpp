#include "services/auth/keyring.hpp"

#include <boost/json/array.hpp>

namespace rapidtrade::auth {

using platform::auth::SigningKey;

KeyRing::KeyRing(AuthStore& store, const std::optional<std::string>& pem_from_env) {
    if (pem_from_env) {
        keys_.push_back(std::make_unique<SigningKey>(SigningKey::from_private_pem(*pem_from_env)));
        return;
    }
    auto stored = store.signing_keys();
    if (stored.empty()) {
        // Replicas starting together may each insert one; all then use the oldest.
        auto fresh = SigningKey::generate();
        store.add_signing_key(fresh.kid(), fresh.private_pem());
        stored = store.signing_keys();
    }
    for (const auto& [kid, pem] : stored) keys_.push_back(std::make_unique<SigningKey>(SigningKey::from_private_pem(pem)));
}

boost::json::object KeyRing::jwks() const {
    boost::json::array keys;
    for (const auto& k : keys_) keys.push_back(k->jwk());
    return {{"keys", std::move(keys)}};
}

}  // namespace rapidtrade::auth
