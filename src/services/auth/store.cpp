#include "services/auth/store.hpp"

#include <chrono>

#include "platform/auth/jwt.hpp"
#include "platform/encoding.hpp"
#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "services/auth/sql.hpp"

namespace rapidtrade::auth {

using platform::db::Connection;
using platform::db::ConstraintViolation;

namespace {

std::int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string join_roles(const std::vector<std::string>& roles) {
    std::string s;
    for (const auto& r : roles) s += (s.empty() ? "" : ",") + r;
    return s;
}

std::vector<std::string> split_roles(const std::string& s) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= s.size()) {
        auto comma = s.find(',', pos);
        if (comma == std::string::npos) comma = s.size();
        if (comma > pos) out.push_back(s.substr(pos, comma - pos));
        pos = comma + 1;
    }
    return out;
}

Credential credential_from_row(const platform::db::Row& row) {
    return Credential{row.str(0), row.str(1), row.str(2), split_roles(row.str(3)), !row.is_null(4),
                      row.i64(5), row.str(6), row.str(7), row.is_null(4) ? 0 : row.i64(4)};
}

std::optional<Credential> credential_from(const platform::db::Result& r) {
    if (r.empty()) return std::nullopt;
    return credential_from_row(r[0]);
}

}  // namespace

void AuthStore::create_credential(const Credential& c) {
    try {
        db_.query(sql::kInsertCredential, c.customer_id, c.email, c.password_hash, join_roles(c.roles), now_s(),
                  c.created_by);
    } catch (const ConstraintViolation& e) {
        if (e.kind() == ConstraintViolation::Kind::unique)
            throw platform::Conflict(platform::Msg("api.account.email_taken"));
        throw;
    }
}

std::optional<Credential> AuthStore::by_email(const std::string& email) {
    return credential_from(db_.query(sql::kCredentialByEmail, email));
}

std::optional<Credential> AuthStore::by_id(const std::string& id) {
    return credential_from(db_.query(sql::kCredentialById, id));
}

bool AuthStore::delete_credential(const std::string& customer_id) {
    return db_.transaction([&](Connection& c) {
        c.query(sql::kRevokeCustomer, customer_id);
        return c.query(sql::kDeleteCredential, customer_id).affected > 0;
    });
}

std::vector<Credential> AuthStore::staff_accounts() {
    std::vector<Credential> out;
    for (const auto& row : db_.query(sql::kNonCustomerCredentials).rows) {
        auto c = credential_from_row(row);
        if (is_staff_account(c)) out.push_back(std::move(c));
    }
    return out;
}

bool AuthStore::disable(const std::string& customer_id, const std::string& by) {
    return db_.transaction([&](Connection& c) {
        c.query(sql::kRevokeCustomer, customer_id);
        c.query(sql::kUseAllPasswordResets, customer_id, now_s());
        return c.query(sql::kDisableCredential, customer_id, now_s(), by).affected > 0;
    });
}

void AuthStore::change_password(const std::string& customer_id, const std::string& password_hash,
                                 const std::string& keep_session_of) {
    std::string keep_family;
    if (!keep_session_of.empty()) {
        auto rows = db_.query(sql::kRefreshByHash, platform::sha256_hex(keep_session_of));
        if (!rows.empty() && rows[0].str(1) == customer_id && rows[0].str(2) == "active") keep_family = rows[0].str(0);
    }
    db_.transaction([&](Connection& c) {
        c.query(sql::kSetPassword, customer_id, password_hash);
        c.query(sql::kUseAllPasswordResets, customer_id, now_s());
        // An empty family matches no row's: every session is closed.
        c.query(sql::kRevokeCustomerExceptFamily, customer_id, keep_family);
    });
}

std::string AuthStore::start_password_reset(const std::string& customer_id, std::chrono::seconds ttl) {
    std::string token = platform::random_token(32);
    auto now = now_s();
    db_.query(sql::kPurgePasswordResets, now - 24 * 3600);  // keep the table small; a day of history
    db_.query(sql::kInsertPasswordReset, platform::sha256_hex(token), customer_id, now, now + ttl.count());
    return token;
}

bool AuthStore::reset_password(const std::string& token, const std::string& password_hash) {
    auto hash = platform::sha256_hex(token);
    return db_.transaction([&](Connection& c) {
        auto rows = c.query(sql::kPasswordResetByHash, hash);
        auto now = now_s();
        if (rows.empty() || !rows[0].is_null(2) || rows[0].i64(1) < now) return false;
        auto customer_id = rows[0].str(0);
        if (c.query(sql::kUsePasswordReset, hash, now).affected != 1) return false;  // used meanwhile
        auto account = c.query(sql::kCredentialById, customer_id);
        if (account.empty() || !account[0].is_null(4)) return false;  // deleted or disabled since
        c.query(sql::kSetPassword, customer_id, password_hash);
        c.query(sql::kUseAllPasswordResets, customer_id, now);
        c.query(sql::kRevokeCustomer, customer_id);
        return true;
    });
}

std::string AuthStore::start_family(const std::string& customer_id) {
    std::string token = platform::random_token(32);
    auto now = now_s();
    db_.query(sql::kInsertRefresh, platform::sha256_hex(token), platform::random_token(16), customer_id, now,
              now + refresh_ttl_.count());
    return token;
}

Rotation AuthStore::rotate(const std::string& token) {
    auto hash = platform::sha256_hex(token);
    // The revocation on reuse must be committed even though the caller then answers 401: decide in
    // the transaction, report after it.
    return db_.transaction([&](Connection& c) {
        Rotation out;
        auto rows = c.query(sql::kRefreshByHash, hash);
        if (rows.empty()) return out;
        auto family = rows[0].str(0);
        out.customer_id = rows[0].str(1);
        auto status = rows[0].str(2);
        auto now = now_s();
        if (status == "revoked") {
            out.outcome = RotateOutcome::revoked;
            return out;
        }
        if (status == "rotated" || c.query(sql::kMarkRotated, hash).affected != 1) {
            // A token already exchanged comes back: stolen or replayed. Kill the whole family.
            c.query(sql::kRevokeFamily, family);
            out.outcome = RotateOutcome::reused;
            return out;
        }
        if (rows[0].i64(3) < now) {
            c.query(sql::kRevokeFamily, family);
            out.outcome = RotateOutcome::expired;
            return out;
        }
        if (c.query(sql::kCredentialById, out.customer_id).empty()) {  // the account was deleted
            c.query(sql::kRevokeFamily, family);
            out.outcome = RotateOutcome::revoked;
            return out;
        }
        out.new_token = platform::random_token(32);
        c.query(sql::kInsertRefresh, platform::sha256_hex(out.new_token), family, out.customer_id, now,
                now + refresh_ttl_.count());
        out.outcome = RotateOutcome::rotated;
        return out;
    });
}

std::optional<std::string> AuthStore::live_session_of(const std::string& token) {
    auto rows = db_.query(sql::kRefreshByHash, platform::sha256_hex(token));
    if (rows.empty() || rows[0].str(2) == "revoked" || rows[0].i64(3) < now_s()) return std::nullopt;
    auto customer = rows[0].str(1);
    if (!by_id(customer)) return std::nullopt;
    return customer;
}

void AuthStore::revoke_family_of(const std::string& token) {
    db_.transaction([&](Connection& c) {
        auto rows = c.query(sql::kRefreshByHash, platform::sha256_hex(token));
        if (!rows.empty()) c.query(sql::kRevokeFamily, rows[0].str(0));
    });
}

std::vector<std::pair<std::string, std::string>> AuthStore::signing_keys() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : db_.query(sql::kSigningKeys).rows) out.emplace_back(r.str(0), r.str(1));
    return out;
}

void AuthStore::add_signing_key(const std::string& kid, const std::string& pem) {
    db_.query(sql::kInsertSigningKey, kid, pem, now_s());
}

}  // namespace rapidtrade::auth
