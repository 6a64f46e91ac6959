#pragma once
// Credentials, refresh tokens and signing keys. Refresh tokens are stored as SHA-256 hashes only.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "services/auth/model.hpp"

namespace rapidtrade::auth {

// What AuthStore::rotate found: the store's answer, which the refresh handler turns into a status.
enum class RotateOutcome { rotated, unknown, expired, reused, revoked };

struct Rotation {
    RotateOutcome outcome = RotateOutcome::unknown;
    std::string customer_id;
    std::string new_token;  // when rotated
};

class AuthStore {
public:
    AuthStore(platform::db::Database& db, std::chrono::seconds refresh_ttl) : db_(db), refresh_ttl_(refresh_ttl) {}

    // Throws Conflict when the e-mail (or id) is taken.
    void create_credential(const Credential& c);
    std::optional<Credential> by_email(const std::string& email);
    std::optional<Credential> by_id(const std::string& customer_id);
    // Deletes the credential and revokes every refresh token of the customer; false if absent.
    bool delete_credential(const std::string& customer_id);

    // A new token family (log-in); returns the opaque token.
    std::string start_family(const std::string& customer_id);
    // Rotation with reuse detection: presenting an already rotated token revokes its whole family.
    Rotation rotate(const std::string& token);
    // The customer of the open session (family) `token` belongs to, or nullopt once it was revoked,
    // expired or the account deleted. Reads only.
    std::optional<std::string> live_session_of(const std::string& token);
    void revoke_family_of(const std::string& token);

    std::vector<std::pair<std::string, std::string>> signing_keys();  // kid, private PEM (oldest first)
    void add_signing_key(const std::string& kid, const std::string& pem);

private:
    platform::db::Database& db_;
    std::chrono::seconds refresh_ttl_;
};

}  // namespace rapidtrade::auth
