#include "platform/history.hpp"
#include "platform/errors.hpp"
#include "platform/http/target.hpp"
#include "platform/service.hpp"
#include "services/catalog/handlers/handlers.hpp"
#include "services/catalog/input.hpp"

namespace rapidtrade::catalog::handlers {

// POST /apis/products/categories (API key or staff token): {"slug", "name"}; 201, last in the
// shop's order.
Response create_category(Context& ctx, const Request& request) {
    auto by = platform::require_api_key_or_staff_actor(request, ctx.api_keys, ctx.tokens);
    auto category = ctx.store.create_category(parse_category_input(request.json_object(), InputMode::create), by);
    auto res = platform::http::json_response(201, to_json(category));
    res.set(boost::beast::http::field::location,
            platform::http::Target{"apis", "products", "categories", category.slug}.encoded());
    return res;
}

// PATCH /apis/products/categories/{slug} (API key or staff token): {"name"}; the slug stays.
Response update_category(Context& ctx, const Request& request) {
    auto by = platform::require_api_key_or_staff_actor(request, ctx.api_keys, ctx.tokens);
    const auto& slug = request.param("slug");
    auto input = parse_category_input(request.json_object(), InputMode::update);
    auto category = is_category_slug(slug) ? ctx.store.rename_category(slug, input.name, by) : std::nullopt;
    if (!category) throw platform::NotFound(platform::Msg("api.category.not_found", {{"slug", slug}}));
    return platform::http::json_response(200, to_json(*category));
}

// DELETE /apis/products/categories/{slug} (API key or staff token): 204; 409 while products are in it.
Response delete_category(Context& ctx, const Request& request) {
    auto by = platform::require_api_key_or_staff_actor(request, ctx.api_keys, ctx.tokens);
    const auto& slug = request.param("slug");
    if (!is_category_slug(slug) || !ctx.store.remove_category(slug, by)) throw platform::NotFound(platform::Msg("api.category.not_found", {{"slug", slug}}));
    return platform::http::empty_response(204);
}

}  // namespace rapidtrade::catalog::handlers
