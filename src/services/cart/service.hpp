#pragma once
// The cart service (brief: cart-service): anonymous and customer carts, priced from the catalogue.
#include <memory>

#include "platform/service.hpp"

namespace rapidtrade::cart {

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context);

}  // namespace rapidtrade::cart
