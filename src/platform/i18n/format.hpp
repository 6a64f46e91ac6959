#pragma once
// Money and dates as a reader of each language writes them.
#include <cstdint>
#include <string>
#include <string_view>

#include "platform/i18n/language.hpp"

namespace rapidtrade::platform::i18n {

// An amount of euros in cents: French "1 099,00 €" (narrow no-break space between thousands,
// no-break space before the sign), English "€1,099.00".
std::string format_money(Language language, std::int64_t cents);

// The day of a stored timestamp ("2026-12-01T04:02:49Z"): French "01/12/2026", English
// "1 December 2026". Anything that is not a date is returned unchanged.
std::string format_date(Language language, std::string_view iso);

}  // namespace rapidtrade::platform::i18n
