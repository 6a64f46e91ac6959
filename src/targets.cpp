#include "targets.hpp"

#include <array>

#include "services/catalog/service.hpp"

namespace rapidtrade {

std::span<const Target> all_targets() {
    static const std::array<Target, 1> kTargets{{
        {"catalog", "products, categories and stock (/apis/products/)", "PRODUCTCATALOGSERVICE_API_KEY",
         catalog::make_service},
    }};
    return kTargets;
}

const Target* find_target(std::string_view name) {
    for (const auto& t : all_targets())
        if (t.name == name) return &t;
    return nullptr;
}

}  // namespace rapidtrade
