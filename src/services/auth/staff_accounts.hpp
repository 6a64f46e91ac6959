#pragma once
// The shop's staff accounts: credentials in the auth database with the staff or admin role and no
// customer profile. `rapidtrade staff add|list|disable` runs these against the auth database, the
// shop running or not (same DATA_DIR / database settings as `serve`; the schema is brought up to
// date first).
#include <iosfwd>
#include <string>
#include <vector>

#include "platform/config.hpp"
#include "services/auth/store.hpp"

namespace rapidtrade::auth {

// Who acts through `rapidtrade staff`: recorded as the author of what it does.
inline constexpr const char* kCommandLine = "ligne de commande";

class StaffAccounts {
public:
    // `actor`: recorded as who added or disabled an account (an admin's e-mail, or kCommandLine).
    StaffAccounts(AuthStore& store, std::string actor) : store_(store), actor_(std::move(actor)) {}
    // A new account. Throws BadRequest (bad e-mail, role, weak password: the sign-up rules) or
    // Conflict (the e-mail has an account, staff or customer).
    Credential add(const std::string& email, const std::string& role, const std::string& password);
    std::vector<Credential> list() { return store_.staff_accounts(); }
    // Throws NotFound when no staff account has this e-mail; disabling twice is not an error (the
    // first author stays on record).
    Credential disable(const std::string& email);
    // The same by the account's id (the back-office).
    Credential disable_id(const std::string& id);

private:
    Credential disable_account(Credential account);
    AuthStore& store_;
    std::string actor_;
};

struct StaffCommand {
    std::string action;  // add, list, disable
    std::string email;
    std::string role;
};

// The command line: one line on `out` saying what was done (or the list), exit 0; one line on
// `err` and a non-zero exit otherwise. `add` reads the password from the first line of `in`.
int run_staff_command(const platform::Env& env, const std::string& data_dir, const StaffCommand& command,
                      std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace rapidtrade::auth
