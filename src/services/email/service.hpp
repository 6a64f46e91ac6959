#pragma once
// The e-mail service: an outbox in its own database and a dispatcher that delivers it over SMTP.
#include <memory>
#include <span>

#include "platform/db/migrations.hpp"

#include "platform/service.hpp"

namespace rapidtrade::email {

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context);
std::span<const platform::db::Migration> migrations();

}  // namespace rapidtrade::email
