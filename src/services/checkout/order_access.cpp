#include "services/checkout/order_access.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "platform/encoding.hpp"
#include "platform/text.hpp"

namespace rapidtrade::checkout {

OrderAccess::OrderAccess(std::string_view service_secret)
    // A key of its own: the API key itself never signs anything.
    : key_(platform::sha256_hex(std::string("rapidtrade order access v1:") + std::string(service_secret))) {}

std::string OrderAccess::token_for(std::string_view reference) const {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), reinterpret_cast<const unsigned char*>(reference.data()),
         reference.size(), mac, &length);
    return platform::base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), length));
}

bool OrderAccess::grants(std::string_view token, std::string_view reference) const {
    return !token.empty() && platform::constant_time_equals(token, token_for(reference));
}

}  // namespace rapidtrade::checkout
