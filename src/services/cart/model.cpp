#include "services/cart/model.hpp"

#include <boost/json/array.hpp>

namespace rapidtrade::cart {
namespace {

boost::json::object euros(std::int64_t cents) { return {{"amount", cents}, {"currency", "EUR"}}; }

}  // namespace

boost::json::object to_json(const PricedCart& cart) {
    boost::json::array lines;
    std::int64_t subtotal = 0, items = 0;
    for (const auto& l : cart.lines) {
        auto line_total = l.unit_price_cents * l.quantity;
        subtotal += line_total;
        items += l.quantity;
        lines.push_back({{"product_id", l.product_id},
                         {"name", l.name},
                         {"unit_price", euros(l.unit_price_cents)},
                         {"quantity", l.quantity},
                         {"line_total", euros(line_total)},
                         {"image", l.image},
                         {"stock", l.stock}});
    }
    boost::json::object out{{"id", cart.id},
                            {"lines", std::move(lines)},
                            {"subtotal", euros(subtotal)},
                            {"item_count", items}};
    out["customer_id"] = cart.customer_id ? boost::json::value(*cart.customer_id) : boost::json::value(nullptr);
    return out;
}

}  // namespace rapidtrade::cart
