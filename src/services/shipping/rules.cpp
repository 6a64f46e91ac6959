#include "services/shipping/rules.hpp"

#include <charconv>

#include "platform/countries.hpp"

namespace rapidtrade::shipping {

ShippingRules ShippingRules::parse(const std::string& text, const std::string& variable) {
    ShippingRules rules;
    const std::string expected = "comma-separated COUNTRY=CENTS/DAYS rules such as FR=5000/3,BE=6500/4";
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto comma = text.find(',', pos);
        auto item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        auto eq = item.find('='), slash = item.find('/');
        if (eq != 2 || slash == std::string::npos || slash < eq) throw platform::ConfigError(variable, text, expected);
        auto country = item.substr(0, 2);
        Rate r;
        auto cents = item.substr(eq + 1, slash - eq - 1), days = item.substr(slash + 1);
        auto [p1, e1] = std::from_chars(cents.data(), cents.data() + cents.size(), r.cost_cents);
        auto [p2, e2] = std::from_chars(days.data(), days.data() + days.size(), r.estimated_days);
        if (!platform::is_iso_country(country) || e1 != std::errc{} || e2 != std::errc{} ||
            p1 != cents.data() + cents.size() || p2 != days.data() + days.size() || r.cost_cents < 0 ||
            r.estimated_days < 1)
            throw platform::ConfigError(variable, text, expected);
        rules.rates_[country] = r;
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    if (rules.rates_.empty()) throw platform::ConfigError(variable, text, expected);
    return rules;
}

std::optional<Rate> ShippingRules::rate_for(const std::string& country) const {
    auto it = rates_.find(country);
    if (it == rates_.end()) return std::nullopt;
    return it->second;
}

}  // namespace rapidtrade::shipping
