#pragma once
// Money and dates as a reader of each language writes them.
#include <cstdint>
#include <optional>
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

// The day and minute of a stored timestamp, in UTC as stored: French "01/12/2026 04:02", English
// "1 December 2026, 04:02". Anything that is not a timestamp is returned unchanged.
std::string format_date_time(Language language, std::string_view iso);

// An amount of euros as a reader of `language` types it, in cents; nullopt for anything else (a
// sign, letters, more than two decimals, over 100 000 000 €). French: platform::parse_eur ("1 099,00",
// "1099.5", "1 099,00 €"). English: "1099", "1099.5", "1,099.00", "€1,099.00": '.' is the decimal
// mark and ',' only groups thousands, so "1,099" is 1099 € and "10,99" is refused rather than
// guessed.
std::optional<std::int64_t> parse_money(Language language, std::string_view text);

}  // namespace rapidtrade::platform::i18n
