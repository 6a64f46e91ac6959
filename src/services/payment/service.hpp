#pragma once
// The payment service: a demo card processor that keeps only brand, last 4 digits, amount and status.
#include <memory>

#include "platform/service.hpp"

namespace rapidtrade::payment {

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context);

}  // namespace rapidtrade::payment
