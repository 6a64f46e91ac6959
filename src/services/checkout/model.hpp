#pragma once
// An order as stored and as answered.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "platform/address.hpp"
#include "platform/i18n/language.hpp"

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
    std::string status = "paid";  // then shipped, delivered; or cancelled (statuses.hpp)
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
    // The language of every e-mail about the order: the shopper's when they placed it.
    platform::i18n::Language language = platform::i18n::kDefaultLanguage;
    // Set by the staff's changes (order_changes.hpp).
    std::optional<std::string> carrier, carrier_tracking, shipped_at, delivered_at;
    std::optional<std::string> cancelled_at, cancel_reason, refunded_at, stock_returned_at;
};

// One entry of an order's history: the placing, then every change (and who made it: a staff
// member's token subject and e-mail; none for the placing and for what the shop finished itself).
struct OrderEvent {
    std::string at;      // ISO-8601 UTC
    std::string event;   // placed, shipped, delivered, cancelled, refunded, stock_returned
    std::string status;  // the order's status after it
    std::optional<std::string> staff_id, staff_email;
    std::string details;  // a JSON object (carrier and tracking, reason and refund...)
};

boost::json::object to_json(const Order& o);
boost::json::object to_json(const OrderEvent& e);

// The statuses an order goes through, in the order they can come.
inline constexpr std::array<std::string_view, 4> kOrderStatuses{"paid", "shipped", "delivered", "cancelled"};

}  // namespace rapidtrade::checkout
