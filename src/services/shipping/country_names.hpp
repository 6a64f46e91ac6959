#pragma once
// The French names of the countries, for the destinations the shop lists (GET /apis/shipping/countries).
#include <string_view>

namespace rapidtrade::shipping {

// "DE" -> "Allemagne"; empty for a code that is not an ISO 3166-1 alpha-2 one (platform::is_iso_country).
std::string_view french_country_name(std::string_view code);

}  // namespace rapidtrade::shipping
