#include <boost/json/array.hpp>

#include "platform/service.hpp"
#include "services/auth/handlers/handlers.hpp"

namespace rapidtrade::auth::handlers {

// GET /apis/auth/staff/ (an admin's token): the staff accounts, oldest first, with their role and
// state. Accounts are added and disabled with `rapidtrade staff` (staff_accounts.hpp).
Response list_staff(Context& ctx, const Request& request) {
    platform::require_admin(request, ctx.tokens);
    boost::json::array items;
    for (const auto& c : ctx.store.staff_accounts()) {
        items.push_back({{"id", c.customer_id},
                         {"email", c.email},
                         {"role", staff_role(c)},
                         {"state", c.disabled ? "disabled" : "active"},
                         {"created_at", created_iso(c)}});
    }
    return platform::http::json_response(200, {{"items", std::move(items)}});
}

}  // namespace rapidtrade::auth::handlers
