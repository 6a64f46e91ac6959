#include "services/auth/staff_accounts.hpp"

#include <istream>
#include <ostream>

#include <fmt/format.h>

#include "platform/clock.hpp"
#include "platform/db/config.hpp"
#include "platform/db/migrations.hpp"
#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/validation.hpp"
#include "services/auth/fields.hpp"
#include "services/auth/migrations.hpp"
#include "services/auth/passwords.hpp"

namespace rapidtrade::auth {

namespace {

// An e-mail as typed, for a message on one terminal line: control characters (a CR LF that would
// start a forged line, escape sequences) shown as \xNN.
std::string shown(const std::string& email) {
    std::string out;
    for (unsigned char c : email)
        out += c < 0x20 || c == 0x7F ? fmt::format("\\x{:02x}", c) : std::string(1, static_cast<char>(c));
    return out;
}

}  // namespace

Credential StaffAccounts::add(const std::string& email, const std::string& role, const std::string& password) {
    auto normalized = platform::normalize_email(email);
    if (!platform::is_valid_email(normalized) || normalized != email)
        throw platform::BadRequest("email", platform::Msg("api.staff.email_invalid", {{"email", shown(email)}}));
    if (role != "staff" && role != "admin") throw platform::BadRequest("role", platform::Msg("api.staff.role"));
    if (auto problem = password_problem(password)) throw platform::BadRequest("password", *problem);
    if (store_.by_email(normalized))
        throw platform::Conflict(platform::Msg("api.staff.email_taken", {{"email", normalized}}));
    Credential c{"STAFF" + platform::random_id(11), normalized, hash_password(password), {role}};
    c.created_by = actor_;
    store_.create_credential(c);  // Conflict if created meanwhile
    return *store_.by_id(c.customer_id);
}

Credential StaffAccounts::disable(const std::string& email) {
    auto account = store_.by_email(platform::normalize_email(email));
    if (!account || !is_staff_account(*account))
        throw platform::NotFound(platform::Msg("api.staff.unknown_email", {{"email", shown(email)}}));
    return disable_account(std::move(*account));
}

Credential StaffAccounts::disable_id(const std::string& id) {
    auto account = store_.by_id(id);
    if (!account || !is_staff_account(*account)) throw platform::NotFound(platform::Msg("api.staff.unknown_id"));
    return disable_account(std::move(*account));
}

Credential StaffAccounts::disable_account(Credential account) {
    store_.disable(account.customer_id, actor_);
    return *store_.by_id(account.customer_id);
}

int run_staff_command(const platform::Env& env, const std::string& data_dir, const StaffCommand& command,
                      std::istream& in, std::ostream& out, std::ostream& err) {
    try {
        // Validated before the database is touched: a typo changes nothing.
        std::string password;
        if (command.action == "add") {
            auto email = platform::normalize_email(command.email);
            if (!platform::is_valid_email(email) || email.find_first_of("\r\n") != std::string::npos)
                throw platform::BadRequest("email", platform::Msg("api.staff.email_invalid", {{"email", shown(command.email)}}));
            if (!std::getline(in, password))
                throw platform::BadRequest("password", platform::Msg("api.staff.password_stdin"));
            if (!password.empty() && password.back() == '\r') password.pop_back();
        }
        auto db = platform::db::Database::open(platform::db::database_config_for(env, "auth", data_dir));
        platform::db::migrate(*db, "auth", migrations());
        AuthStore store(*db, std::chrono::seconds(3600));
        StaffAccounts staff(store, kCommandLine);
        if (command.action == "add") {
            auto c = staff.add(platform::normalize_email(command.email), command.role, password);
            out << fmt::format("added {} account {} ({})\n", staff_role(c), c.email, c.customer_id);
        } else if (command.action == "disable") {
            auto c = staff.disable(command.email);
            out << fmt::format("disabled {} account {}: it can no longer log in, its sessions are closed\n",
                               staff_role(c), c.email);
        } else {
            auto accounts = staff.list();
            out << fmt::format("{:<40} {:<6} {:<9} {}\n", "EMAIL", "ROLE", "STATE", "CREATED");
            for (const auto& c : accounts)
                out << fmt::format("{:<40} {:<6} {:<9} {}\n", c.email, staff_role(c),
                                   c.disabled ? "disabled" : "active", created_iso(c));
        }
        return 0;
    } catch (const platform::HttpError& e) {
        // One line, in English (a terminal): the field and its own message when there is one.
        const auto& errors = e.errors();
        err << "rapidtrade staff " << command.action << ": "
            << (errors.empty() ? std::string(e.what())
                               : errors.front().field + ": " + errors.front().message.in(platform::i18n::Language::en))
            << "\n";
        return e.status() == 409 ? 3 : e.status() == 404 ? 4 : 1;
    }
}

}  // namespace rapidtrade::auth
