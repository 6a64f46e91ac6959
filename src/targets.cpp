#include "targets.hpp"

#include <array>

#include "services/auth/service.hpp"
#include "services/catalog/service.hpp"
#include "services/customers/service.hpp"

namespace rapidtrade {

std::span<const Target> all_targets() {
    static const std::array<Target, 3> kTargets{{
        {"catalog", "products, categories and stock (/apis/products/)", "PRODUCTCATALOGSERVICE_API_KEY",
         catalog::make_service},
        {"customers", "profiles and address books (/apis/customers/)", "CUSTOMERSERVICE_API_KEY",
         customers::make_service},
        {"auth", "credentials, tokens, signing keys (/apis/auth/)", "AUTHSERVICE_API_KEY", auth::make_service},
    }};
    return kTargets;
}

const Target* find_target(std::string_view name) {
    for (const auto& t : all_targets())
        if (t.name == name) return &t;
    return nullptr;
}

}  // namespace rapidtrade
