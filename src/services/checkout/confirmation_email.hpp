#pragma once
// The order confirmation e-mail, in French (seed section IV.4: "Order Confirmation at RapidTrade
// Co."): shipping address, reference, date, lines, subtotal, discount, shipping, total. Rendered
// from templates/confirmation.txt.mustache and confirmation.html.mustache.
#include <string>

#include <kainjow/mustache.hpp>

#include "platform/email_templates.hpp"
#include "services/checkout/model.hpp"

namespace rapidtrade::checkout {

using platform::EmailContent;

EmailContent confirmation_email(const Order& order);

// Any of the checkout's e-mails: templates/<name>.txt.mustache and <name>.html.mustache rendered
// with `values` and the subject (as {{subject}}).
EmailContent render_email(const std::string& name, std::string subject, kainjow::mustache::data values);

}  // namespace rapidtrade::checkout
