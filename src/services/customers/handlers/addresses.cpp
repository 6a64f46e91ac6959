#include "platform/errors.hpp"
#include "platform/http/target.hpp"
#include "services/customers/handlers/handlers.hpp"

namespace rapidtrade::customers::handlers {
namespace {

platform::Address read_address(const Request& request) {
    std::vector<platform::FieldError> errors;
    auto a = platform::address_from_json(request.json(), "", errors);
    if (!errors.empty()) throw platform::BadRequest(std::move(errors));
    return a;
}

platform::NotFound no_address(const Request& request) {
    return platform::NotFound(platform::Msg("api.address.not_found", {{"id", request.param("id")}}));
}

}  // namespace

Response list_addresses(Context& ctx, const Request& request) {
    auto me = current_customer(ctx, request);
    boost::json::array items;
    for (const auto& a : ctx.store.addresses(me.id)) items.push_back(to_json(a));
    return platform::http::json_response(200, boost::json::object{{"items", std::move(items)}});
}

Response add_address(Context& ctx, const Request& request) {
    auto me = current_customer(ctx, request);
    auto stored = ctx.store.add_address(me.id, read_address(request));
    auto res = platform::http::json_response(201, to_json(stored));
    res.set(boost::beast::http::field::location, platform::http::Target{"apis", "customers", "me", "addresses", stored.id}.encoded());
    return res;
}

Response get_address(Context& ctx, const Request& request) {
    auto me = current_customer(ctx, request);
    auto a = ctx.store.address(me.id, request.param("id"));
    if (!a) throw no_address(request);
    return platform::http::json_response(200, to_json(*a));
}

Response replace_address(Context& ctx, const Request& request) {
    auto me = current_customer(ctx, request);
    auto a = ctx.store.replace_address(me.id, request.param("id"), read_address(request));
    if (!a) throw no_address(request);
    return platform::http::json_response(200, to_json(*a));
}

Response delete_address(Context& ctx, const Request& request) {
    auto me = current_customer(ctx, request);
    if (!ctx.store.remove_address(me.id, request.param("id"))) throw no_address(request);
    return platform::http::empty_response(204);
}

}  // namespace rapidtrade::customers::handlers
