#pragma once
// Money is an integer number of cents with a currency; never floating point.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace rapidtrade::platform {

struct Money {
    std::int64_t amount = 0;  // cents
    std::string currency = "EUR";
    bool operator==(const Money&) const = default;
};

boost::json::object to_json(const Money& m);
// Reads {"amount": 89900, "currency": "EUR"}; throws BadRequest naming `field` (e.g. "price.amount").
Money money_from_json(const boost::json::value& v, const std::string& field);
// French display: 1099 € -> "1 099,00 €" (narrow no-break space between thousands, as in fr-FR).
std::string format_eur(std::int64_t cents);
// An amount as a French speaker types it ("1099", "1 099,5", "1099,00", "12.90", "1 099,00 €") in
// cents; nullopt for anything else (a sign, letters, more than two decimals, over 100 000 000 €).
std::optional<std::int64_t> parse_eur(std::string_view text);

}  // namespace rapidtrade::platform
