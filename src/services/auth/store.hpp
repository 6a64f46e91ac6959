#pragma once
// Credentials, refresh tokens, password reset links and signing keys. Refresh tokens and reset
// tokens are stored as SHA-256 hashes only.
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
    // Accounts with the staff or admin role, oldest first.
    std::vector<Credential> staff_accounts();
    // The account can no longer log in: its refresh tokens and reset links are revoked. False when
    // absent or already disabled.
    bool disable(const std::string& customer_id, const std::string& by);
    // A new password: pending reset links die, and every session but the one `keep_session_of` (a
    // refresh token of this account, may be empty) belongs to is closed.
    void change_password(const std::string& customer_id, const std::string& password_hash,
                         const std::string& keep_session_of);
    // A reset link's token (random; only its SHA-256 is kept), valid `ttl`.
    std::string start_password_reset(const std::string& customer_id, std::chrono::seconds ttl);
    // Sets the password if `token` is a live, unused link of an active account (it is then used up,
    // and every session of the account closed); false otherwise, changing nothing.
    bool reset_password(const std::string& token, const std::string& password_hash);
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
