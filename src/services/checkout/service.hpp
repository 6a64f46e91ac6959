#pragma once
// The checkout service (brief: checkout-service): orders, the checkout saga, order history.
#include <memory>

#include "platform/service.hpp"

namespace rapidtrade::checkout {

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context);

}  // namespace rapidtrade::checkout
