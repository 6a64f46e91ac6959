#pragma once
// The names of the countries, for the destinations the shop lists (GET /apis/shipping/countries),
// in the reader's language: src/messages/<language>/countries.json ("country.DE").
#include <string>
#include <string_view>

#include "platform/i18n/language.hpp"

namespace rapidtrade::shipping {

// "DE" -> "Allemagne" in French, "Germany" in English; empty for a code that is not an ISO 3166-1
// alpha-2 one (platform::is_iso_country): every code SHIPPING_RULES accepts has a name.
std::string country_name(platform::i18n::Language language, std::string_view code);

}  // namespace rapidtrade::shipping
