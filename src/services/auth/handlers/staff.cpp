#include <boost/json/array.hpp>

#include "platform/errors.hpp"
#include "platform/service.hpp"
#include "platform/validation.hpp"
#include "services/auth/handlers/handlers.hpp"
#include "services/auth/staff_accounts.hpp"

namespace rapidtrade::auth::handlers {

// The staff accounts, an admin's token only: the API key names no person, and what an admin does
// here is recorded under their e-mail. `rapidtrade staff` does the same from a terminal.

// GET /apis/auth/staff/: oldest first, with their role, state, and who added and disabled them.
Response list_staff(Context& ctx, const Request& request) {
    platform::require_admin(request, ctx.tokens);
    boost::json::array items;
    for (const auto& c : ctx.store.staff_accounts()) items.push_back(staff_json(c));
    return platform::http::json_response(200, {{"items", std::move(items)}});
}

// POST /apis/auth/staff/ {email, role, password}: 201 with the account; 400 (the field and why),
// 409 when the e-mail has an account (staff or customer).
Response add_staff(Context& ctx, const Request& request) {
    auto admin = platform::require_admin(request, ctx.tokens);
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    platform::reject_unknown_fields(body, {"email", "role", "password"}, errors);
    auto email = platform::read_email(body, "email", errors);
    auto role = platform::read_text(body, "role", 1, 16, true, errors);
    if (role && *role != "staff" && *role != "admin") errors.push_back({"role", platform::Msg("api.staff.role")});
    auto password = platform::read_new_password(body, "password", errors);
    platform::throw_if_any(errors);
    auto account = StaffAccounts(ctx.store, admin.email).add(*email, *role, *password);
    return platform::http::json_response(201, staff_json(account));
}

// DELETE /apis/auth/staff/{id}: the account can no longer log in, its sessions and reset links
// end; it stays listed (disabled, by whom). 204, again when already disabled; 404 for an id that
// is no staff account; 409 for the admin's own account (no one locks the shop out by mistake).
Response disable_staff(Context& ctx, const Request& request) {
    auto admin = platform::require_admin(request, ctx.tokens);
    const auto& id = request.param("id");
    if (id.empty() || id.size() > 64) throw platform::NotFound(platform::Msg("api.staff.unknown_id"));
    if (id == admin.subject) throw platform::Conflict(platform::Msg("api.staff.disable_self"));
    StaffAccounts(ctx.store, admin.email).disable_id(id);
    return platform::http::empty_response(204);
}

}  // namespace rapidtrade::auth::handlers
