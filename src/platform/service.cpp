#include "platform/service.hpp"

#include "platform/db/config.hpp"
#include "platform/errors.hpp"
#include "platform/http/client_address.hpp"
#include "platform/text.hpp"

namespace rapidtrade::platform {

DatabaseService::DatabaseService(const ServiceContext& context, std::string name,
                                 std::span<const db::Migration> migrations)
    : name_(std::move(name)),
      migrations_(migrations),
      db_(open_database(context, name_)),
      pool_(static_cast<std::size_t>(context.server.worker_threads)) {}

void DatabaseService::migrate() {
    db::migrate(*db_, name_, migrations_);
    on_migrated();
    migrated_ = true;
}

bool DatabaseService::ready() { return migrated_ && db_->ping(); }

std::unique_ptr<db::Database> open_database(const ServiceContext& context, const std::string& service) {
    auto db = db::Database::open(db::database_config_for(context.env, service, context.server.data_dir));
    db->observe(context.metrics, service);
    return db;
}

void require_api_key(const http::Request& request, const std::vector<std::string>& keys) {
    auto given = request.header("X-Api-Key");
    if (given.empty()) throw Unauthorized(Msg("api.access.api_key_missing"));
    bool ok = false;
    // Compare against every key, without stopping at the first match, so timing reveals nothing.
    for (const auto& k : keys) ok |= !k.empty() && constant_time_equals(given, k);
    if (!ok) throw Unauthorized(Msg("api.access.api_key_invalid"));
}

std::string client_address(const http::Request& request, const std::vector<std::string>& keys) {
    auto relayed = request.header("X-Client-Address");
    if (relayed.empty()) return request.client_address;
    require_api_key(request, keys);
    auto address = http::canonical_address(relayed);
    if (!address) throw BadRequest("X-Client-Address", Msg("api.auth.client_address"));
    return *address;
}

void require_api_key_or_admin(const http::Request& request, const std::vector<std::string>& keys,
                              auth::TokenVerifier& tokens) {
    if (request.header("X-Api-Key").empty() && !request.header("Authorization").empty()) {
        if (!auth::require_bearer(request, tokens).has_role("admin"))
            throw Forbidden(Msg("api.access.admins_only"));
        return;
    }
    require_api_key(request, keys);
}

bool is_staff(const auth::Claims& claims) { return claims.has_role("staff") || claims.has_role("admin"); }

auth::Claims require_staff(const http::Request& request, auth::TokenVerifier& tokens) {
    auto claims = auth::require_bearer(request, tokens);
    if (!is_staff(claims)) throw Forbidden(Msg("api.access.staff_only"));
    return claims;
}

auth::Claims require_admin(const http::Request& request, auth::TokenVerifier& tokens) {
    auto claims = auth::require_bearer(request, tokens);
    if (!claims.has_role("admin")) throw Forbidden(Msg("api.access.admins_only"));
    return claims;
}

std::optional<auth::Claims> require_api_key_or_staff(const http::Request& request, const std::vector<std::string>& keys,
                                                     auth::TokenVerifier& tokens) {
    if (request.header("X-Api-Key").empty() && !request.header("Authorization").empty())
        return require_staff(request, tokens);
    require_api_key(request, keys);
    return std::nullopt;
}

}  // namespace rapidtrade::platform
