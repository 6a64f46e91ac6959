#pragma once
// The auth service (brief: auth-service): credentials, tokens, signing keys.
#include <memory>

#include "platform/service.hpp"

namespace rapidtrade::auth {

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context);

}  // namespace rapidtrade::auth
