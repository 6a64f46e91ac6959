#include "services/frontend/pages/admin_text.hpp"

#include "platform/i18n/messages.hpp"

namespace rapidtrade::frontend {

std::string counted_key(Language language, std::string_view key, std::int64_t count) {
    bool one = language == Language::fr ? (count == 0 || count == 1) : count == 1;
    return std::string(key) + (one ? ".one" : ".other");
}

std::string order_status_label(Language language, std::string_view status) {
    for (std::string_view known : {"paid", "shipped", "delivered", "cancelled"})
        if (status == known) return platform::i18n::message(language, "admin.orders.status." + std::string(known));
    return std::string(status);
}

}  // namespace rapidtrade::frontend
