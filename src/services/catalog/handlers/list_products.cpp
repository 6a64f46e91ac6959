#include "platform/errors.hpp"
#include "platform/paging.hpp"
#include "services/catalog/handlers/handlers.hpp"

namespace rapidtrade::catalog::handlers {

// GET /apis/products/?category=canapes&q=canape&sort=price_asc&page=1&per_page=20
Response list_products(Context& ctx, const Request& request) {
    auto paging = platform::parse_paging(request);
    ProductQuery query;
    query.limit = paging.per_page;
    query.offset = paging.offset();
    if (auto category = request.query_param("category"); category && !category->empty()) {
        if (category->size() > 64) throw platform::BadRequest("category", platform::Msg("api.catalog.category_filter"));
        query.category = std::string(*category);
    }
    if (auto text = request.query_param("q")) {
        if (text->size() > 200) throw platform::BadRequest("q", platform::Msg("api.field.max_bytes", {{"max", "200"}}));
        if (text->find_first_not_of(" \t") != std::string_view::npos) query.text = std::string(*text);
    }
    if (auto sort = request.query_param("sort"); sort && !sort->empty()) {
        if (*sort == "price_asc") query.sort = Sort::price_asc;
        else if (*sort == "price_desc") query.sort = Sort::price_desc;
        else if (*sort == "name") query.sort = Sort::name;
        else if (*sort == "featured") query.sort = Sort::featured;
        else throw platform::BadRequest("sort", platform::Msg("api.field.one_of", {{"values", "featured, price_asc, price_desc, name"}}));
    }
    auto page = ctx.store.list(query);
    boost::json::array items;
    items.reserve(page.items.size());
    for (const auto& p : page.items) items.push_back(to_json(p));
    return platform::http::json_response(200, platform::paged(std::move(items), paging, page.total));
}

}  // namespace rapidtrade::catalog::handlers
