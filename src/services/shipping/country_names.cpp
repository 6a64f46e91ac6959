#include "services/shipping/country_names.hpp"

#include "platform/countries.hpp"
#include "platform/i18n/messages.hpp"

namespace rapidtrade::shipping {

std::string country_name(platform::i18n::Language language, std::string_view code) {
    // Checked first: the key is built from the code, and only a known code names a message.
    if (!platform::is_iso_country(code)) return {};
    return platform::i18n::message(language, "country." + std::string(code));
}

}  // namespace rapidtrade::shipping
