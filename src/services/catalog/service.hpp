#pragma once
// The catalogue service (brief: productcatalog-service): products, categories, stock.
#include <memory>

#include "platform/service.hpp"

namespace rapidtrade::catalog {

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context);

}  // namespace rapidtrade::catalog
