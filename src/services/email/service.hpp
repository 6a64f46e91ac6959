#pragma once
// The e-mail service: an outbox in its own database and a dispatcher that delivers it over SMTP.
#include <memory>

#include "platform/service.hpp"

namespace rapidtrade::email {

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context);

}  // namespace rapidtrade::email
