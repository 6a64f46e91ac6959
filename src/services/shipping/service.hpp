#pragma once
// The shipping service: quotes from configured rules, shipments with tracking ids, and the list of
// destinations the shop delivers to.
#include <memory>

#include "platform/service.hpp"

namespace rapidtrade::shipping {

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context);

}  // namespace rapidtrade::shipping
