#pragma once
// The e-mails of the staff's changes, in the order's language: the order shipped (carrier and tracking number),
// delivered, cancelled (with the amount refunded). Rendered from templates/shipped.*,
// delivered.* and cancelled.*.mustache like the confirmation.
#include "services/checkout/confirmation_email.hpp"
#include "services/checkout/model.hpp"

namespace rapidtrade::checkout {

EmailContent shipped_email(const Order& order);
EmailContent delivered_email(const Order& order);
EmailContent cancelled_email(const Order& order);

}  // namespace rapidtrade::checkout
