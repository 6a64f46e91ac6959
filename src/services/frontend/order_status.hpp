#pragma once
// An order's status (the checkout service's codes) as the pages say it. The one list of the
// statuses the pages know, so that the shop, the back-office's lists and its customer page name
// the same ones.
#include <array>
#include <string>
#include <string_view>

#include "platform/i18n/language.hpp"

namespace rapidtrade::frontend {

// In the order of an order's life (the back-office's status filter lists them so).
inline constexpr std::array<std::string_view, 4> kOrderStatuses{"paid", "shipped", "delivered", "cancelled"};

bool is_order_status(std::string_view status);

// Whose words. The customer's ("Confirmée", "Annulée et remboursée": their "Mes commandes", the
// confirmation, and the back-office's customer page, which shows staff what the customer reads)
// or the back-office's order lists' ("Payée", "Annulée": shop.order.status.* and
// admin.orders.status.* in src/messages/<language>/).
enum class StatusWords { customer, staff };

// The status in `language`; a code the pages do not know comes back as it is (the templates escape it).
std::string order_status_text(platform::i18n::Language language, StatusWords words, std::string_view status);

}  // namespace rapidtrade::frontend
