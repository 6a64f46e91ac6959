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
        {"catalog", "products, categories and stock (/apis/products/)", "PRODUCTCATALOGSERVICE",
         "productcatalog-service", catalog::make_service},
        {"customers", "profiles and address books (/apis/customers/)", "CUSTOMERSERVICE", "customers-service",
         customers::make_service},
        {"auth", "credentials, tokens, signing keys (/apis/auth/)", "AUTHSERVICE", "auth-service", auth::make_service},
        {"cart", "carts priced from the catalogue (/apis/carts/)", "CARTSERVICE", "cart-service", cart::make_service},
        {"shipping", "shipping quotes and shipments (/apis/shipping/)", "SHIPPINGSERVICE", "shipping-service",
         shipping::make_service},
        {"payment", "card payments and refunds (/apis/payments/)", "PAYMENTSERVICE", "payment-service",
         payment::make_service},
        {"checkout", "orders and the checkout saga (/apis/orders/)", "CHECKOUTSERVICE", "checkout-service",
         checkout::make_service},
        {"email", "e-mail outbox and SMTP delivery (/apis/emails/)", "EMAILSERVICE", "email-service",
         email::make_service},
        {"frontend", "the web shop in French (everything outside /apis/)", "", "frontend", frontend::make_service, false},
    }};
    return kTargets;
}

std::vector<platform::ServiceAddress> service_addresses() {
    std::vector<platform::ServiceAddress> out;
    for (const auto& t : all_targets()) out.push_back({t.name, t.variable_prefix, t.cluster_host});
    return out;
}

const Target* find_target(std::string_view name) {
    for (const auto& t : all_targets())
        if (t.name == name) return &t;
    return nullptr;
}

}  // namespace rapidtrade
