#include "targets.hpp"

#include <array>

#include "services/auth/service.hpp"
#include "services/cart/service.hpp"
#include "services/catalog/service.hpp"
#include "services/checkout/service.hpp"
#include "services/customers/service.hpp"
#include "services/email/service.hpp"
#include "services/frontend/service.hpp"
#include "services/payment/service.hpp"
#include "services/shipping/service.hpp"

namespace rapidtrade {

std::span<const Target> all_targets() {
    static const std::array<Target, 9> kTargets{{
        {"catalog", "products, categories and stock (/apis/products/)", "PRODUCTCATALOGSERVICE_API_KEY",
         catalog::make_service},
        {"customers", "profiles and address books (/apis/customers/)", "CUSTOMERSERVICE_API_KEY",
         customers::make_service},
        {"auth", "credentials, tokens, signing keys (/apis/auth/)", "AUTHSERVICE_API_KEY", auth::make_service},
        {"cart", "carts priced from the catalogue (/apis/carts/)", "CARTSERVICE_API_KEY", cart::make_service},
        {"shipping", "shipping quotes and shipments (/apis/shipping/)", "SHIPPINGSERVICE_API_KEY", shipping::make_service},
        {"payment", "card payments and refunds (/apis/payments/)", "PAYMENTSERVICE_API_KEY", payment::make_service},
        {"checkout", "orders and the checkout saga (/apis/orders/)", "CHECKOUTSERVICE_API_KEY", checkout::make_service},
        {"email", "e-mail outbox and SMTP delivery (/apis/emails/)", "EMAILSERVICE_API_KEY", email::make_service},
        {"frontend", "the web shop in French (everything outside /apis/)", "", frontend::make_service, false},
    }};
    return kTargets;
}

const Target* find_target(std::string_view name) {
    for (const auto& t : all_targets())
        if (t.name == name) return &t;
    return nullptr;
}

}  // namespace rapidtrade
