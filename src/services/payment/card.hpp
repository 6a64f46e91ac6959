#pragma once
// Card checks of the demo processor: Luhn, expiry, CVV length, brand. Pure functions: the card
// number and CVV live only in memory for the time of a charge, never in storage or logs.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "platform/errors.hpp"

namespace rapidtrade::payment {

struct Card {
    std::string holder;
    std::string number;  // digits only
    std::string cvv;
    int exp_month = 0;
    int exp_year = 0;
};

// Shape checks (400): types, digits only, month 1..12, year with 4 digits.
Card card_from_json(const boost::json::value& v, std::vector<platform::FieldError>& errors);

bool luhn_valid(const std::string& digits);
std::string brand_of(const std::string& digits);  // visa, mastercard, amex, discover, unknown
// Why the processor refuses a well-formed card, or nullopt when it accepts it. The documented
// test numbers 4000000000000002 (declined) and 4000000000009995 (insufficient_funds) refuse.
std::optional<std::string> refusal_reason(const Card& card, int current_year, int current_month);

}  // namespace rapidtrade::payment
