#pragma once
// A cart as the store keeps it (product ids and quantities, never prices), and the priced cart
// every cart route answers with.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

namespace rapidtrade::cart {

// The most of one product a cart line holds (the schema's CHECK says the same).
constexpr std::int64_t kMaxQuantity = 99;

struct Line {
    std::string product_id;
    std::int64_t quantity = 0;
};

struct Cart {
    std::string id;
    std::optional<std::string> customer_id;
    std::vector<Line> lines;
};

// A line with what the catalogue says of its product now.
struct PricedLine {
    std::string product_id;
    std::string name;
    std::int64_t unit_price_cents = 0;
    std::int64_t quantity = 0;
    std::string image;
    std::int64_t stock = 0;
};

struct PricedCart {
    std::string id;
    std::optional<std::string> customer_id;
    std::vector<PricedLine> lines;
};

// {id, lines: [{product_id, name, unit_price, quantity, line_total, image, stock}], subtotal,
//  item_count, customer_id}: the totals are computed from the lines.
boost::json::object to_json(const PricedCart& cart);

}  // namespace rapidtrade::cart
