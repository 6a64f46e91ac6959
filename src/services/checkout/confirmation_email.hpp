#pragma once
// The order confirmation e-mail, in French (seed section IV.4: "Order Confirmation at RapidTrade
// Co."): shipping address, reference, date, lines, subtotal, discount, shipping, total.
#include <string>

#include "services/checkout/model.hpp"

namespace rapidtrade::checkout {

struct EmailContent {
    std::string subject;
    std::string text;
    std::string html;
};

EmailContent confirmation_email(const Order& order);
// "2026-11-26T04:02:49Z" -> "26/11/2026"
std::string french_date(const std::string& iso);

}  // namespace rapidtrade::checkout
