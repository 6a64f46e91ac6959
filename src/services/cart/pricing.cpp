#include "services/cart/pricing.hpp"

#include "platform/errors.hpp"
#include "platform/http/target.hpp"
#include "platform/ids.hpp"

namespace rapidtrade::cart {

std::optional<CatalogProduct> Catalog::product(const std::string& id) {
    if (!platform::is_product_id(id)) return std::nullopt;
    auto res = client_.get(upstreams_.get("catalog"), platform::http::Target{"apis", "products", id});
    if (res.status == 404) return std::nullopt;
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.catalog_product", {{"id", id}}));
    auto p = res.json().as_object();
    CatalogProduct out;
    out.id = id;
    out.name = std::string(p.at("name").as_string());
    out.price_cents = p.at("price").at("amount").as_int64();
    out.stock = p.at("stock").as_int64();
    if (const auto* images = p.if_contains("images"); images && images->is_array() && !images->as_array().empty())
        out.image = std::string(images->as_array()[0].as_string());
    return out;
}

boost::json::object priced_cart(const Cart& cart, Catalog& catalog) {
    PricedCart priced{cart.id, cart.customer_id, {}};
    for (const auto& l : cart.lines) {
        auto p = catalog.product(l.product_id);
        if (!p) continue;
        priced.lines.push_back({l.product_id, p->name, p->price_cents, l.quantity, p->image, p->stock});
    }
    return to_json(priced);
}

}  // namespace rapidtrade::cart
