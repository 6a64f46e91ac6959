#pragma once
// Money is an integer number of cents with a currency; never floating point.
#include <cstdint>
#include <string>

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

}  // namespace rapidtrade::platform
