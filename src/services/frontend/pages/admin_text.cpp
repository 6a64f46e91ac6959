#include "services/frontend/pages/admin_text.hpp"

#include "platform/i18n/messages.hpp"

namespace rapidtrade::frontend {

std::string order_status_label(Language language, std::string_view status) {
    for (std::string_view known : {"paid", "shipped", "delivered", "cancelled"})
        if (status == known) return platform::i18n::message(language, "admin.orders.status." + std::string(known));
    return std::string(status);
}

}  // namespace rapidtrade::frontend
