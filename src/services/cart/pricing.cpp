#include "services/cart/pricing.hpp"

#include "platform/errors.hpp"
#include "platform/http/target.hpp"
#include "platform/ids.hpp"

namespace rapidtrade::cart {

std::optional<CatalogProduct> Catalog::product(const std::string& id) {
    if (!platform::is_product_id(id)) return std::nullopt;
    auto res = client_.get(upstreams_.get("catalog"), platform::http::Target{"apis", "products", id});
    if (res.status == 404) return std::nullopt;
    if (res.status != 200) throw platform::ServiceUnavailable("the catalogue did not answer for product " + id);
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
    boost::json::array lines;
    std::int64_t subtotal = 0, items = 0;
    for (const auto& l : cart.lines) {
        auto p = catalog.product(l.product_id);
        if (!p) continue;
        auto line_total = p->price_cents * l.quantity;
        subtotal += line_total;
        items += l.quantity;
        lines.push_back({{"product_id", l.product_id},
                         {"name", p->name},
                         {"unit_price", {{"amount", p->price_cents}, {"currency", "EUR"}}},
                         {"quantity", l.quantity},
                         {"line_total", {{"amount", line_total}, {"currency", "EUR"}}},
                         {"image", p->image},
                         {"stock", p->stock}});
    }
    boost::json::object out{{"id", cart.id},
                            {"lines", std::move(lines)},
                            {"subtotal", {{"amount", subtotal}, {"currency", "EUR"}}},
                            {"item_count", items}};
    out["customer_id"] = cart.customer_id ? boost::json::value(*cart.customer_id) : boost::json::value(nullptr);
    return out;
}

}  // namespace rapidtrade::cart
