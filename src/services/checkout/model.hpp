#pragma once
// An order as stored and as answered.
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "platform/address.hpp"

namespace rapidtrade::checkout {

struct OrderLine {
    std::string product_id;
    std::string name;
    std::int64_t unit_price = 0;
    std::int64_t quantity = 0;
    std::int64_t line_total = 0;
};

struct Order {
    std::string reference;  // 13 digits
    std::optional<std::string> customer_id;
    std::string email;
    std::string status = "confirmed";
    platform::Address shipping_address;
    std::vector<OrderLine> lines;
    std::int64_t subtotal = 0, discount = 0, shipping = 0, total = 0;
    std::optional<std::string> promo_code;
    std::int64_t promo_percent = 0;
    std::string shipping_service = "International Standard";
    std::string charge_id, card_brand, card_last4;
    std::optional<std::string> tracking_id;
    std::string cart_id;
    std::string created_at;  // ISO-8601 UTC
};

boost::json::object to_json(const Order& o);

}  // namespace rapidtrade::checkout
