#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "services/catalog/handlers/handlers.hpp"

namespace rapidtrade::catalog::handlers {

// GET /apis/products/promotions/{code}: a promo code, looked up without regard to case.
Response get_promotion(Context& ctx, const Request& request) {
    const auto& code = request.param("code");
    auto p = platform::is_promo_code(code) ? ctx.store.promotion(code) : std::nullopt;
    if (!p) throw platform::NotFound(platform::Msg("api.promotion.not_found", {{"code", code}}));
    return platform::http::json_response(200, to_json(*p));
}

}  // namespace rapidtrade::catalog::handlers
