#pragma once
// The order confirmation e-mail (seed section IV.4: "Order Confirmation at RapidTrade Co."), in the
// order's language: shipping address, reference, date, lines, subtotal, discount, shipping, total,
// money and dates written for that language. Rendered from templates/confirmation.txt.mustache and
// confirmation.html.mustache, whose texts are src/messages/<language>/email.json's.
#include <string>

#include <kainjow/mustache.hpp>

#include "platform/email_templates.hpp"
#include "services/checkout/model.hpp"

namespace rapidtrade::checkout {

using platform::EmailContent;

EmailContent confirmation_email(const Order& order);

// Any of the checkout's e-mails about `order`, in its language: templates/<name>.txt.mustache and
// <name>.html.mustache rendered with `values` and the subject (as {{subject}}).
EmailContent render_email(const Order& order, const std::string& name, std::string subject,
                          kainjow::mustache::data values);

}  // namespace rapidtrade::checkout
