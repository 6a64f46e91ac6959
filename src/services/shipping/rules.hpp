#pragma once
// Shipping prices per destination country, from configuration (SHIPPING_RULES):
//   "FR=5000/3,BE=6500/4"  -> France 50,00 € in 3 days, Belgium 65,00 € in 4 days.
// A country without a rule is not served (a clear 422, never a made-up price).
#include <map>
#include <optional>
#include <string>

#include "platform/config.hpp"

namespace rapidtrade::shipping {

struct Rate {
    std::int64_t cost_cents = 0;
    int estimated_days = 0;
};

class ShippingRules {
public:
    static constexpr const char* kDefault =
        "FR=5000/3,MC=5000/3,BE=6500/4,LU=6500/4,DE=7500/5,NL=7500/5,ES=7500/5,IT=7500/5,CH=9500/6";
    static constexpr const char* kService = "International Standard";  // the brief's name

    // Throws ConfigError naming `variable` on a malformed rule.
    static ShippingRules parse(const std::string& text, const std::string& variable = "SHIPPING_RULES");
    std::optional<Rate> rate_for(const std::string& country) const;
    // Every country served and its rate, by country code.
    const std::map<std::string, Rate>& rates() const { return rates_; }

private:
    std::map<std::string, Rate> rates_;
};

}  // namespace rapidtrade::shipping
