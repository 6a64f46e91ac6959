#include "services/frontend/order_status.hpp"

#include <algorithm>

#include "platform/i18n/messages.hpp"

namespace rapidtrade::frontend {

bool is_order_status(std::string_view status) {
    return std::find(kOrderStatuses.begin(), kOrderStatuses.end(), status) != kOrderStatuses.end();
}

std::string order_status_text(platform::i18n::Language language, StatusWords words, std::string_view status) {
    if (!is_order_status(status)) return std::string(status);
    std::string_view prefix = words == StatusWords::customer ? "shop.order.status." : "admin.orders.status.";
    return platform::i18n::message(language, std::string(prefix) + std::string(status));
}

}  // namespace rapidtrade::frontend
