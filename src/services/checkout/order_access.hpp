#pragma once
// How a guest reaches the order they just placed: the 201 answer carries an access token, an HMAC of
// the reference under a key only the checkout service holds (derived from its API key, so every
// replica agrees without storing anything). The web shop keeps it in the guest's session and sends
// it back as X-Order-Token; nobody else can compute it. The API key itself never shows an order.
#include <string>
#include <string_view>

namespace rapidtrade::checkout {

class OrderAccess {
public:
    explicit OrderAccess(std::string_view service_secret);
    std::string token_for(std::string_view reference) const;
    bool grants(std::string_view token, std::string_view reference) const;  // constant time

private:
    std::string key_;
};

}  // namespace rapidtrade::checkout
