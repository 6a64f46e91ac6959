#pragma once
// The customers service (brief: customers-service): profiles and address books.
#include <memory>

#include "platform/service.hpp"

namespace rapidtrade::customers {

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context);

}  // namespace rapidtrade::customers
