#pragma once
// The cart service (brief: cart-service): anonymous and customer carts, priced from the catalogue.
#include <memory>
#include <span>

#include "platform/db/migrations.hpp"

#include "platform/service.hpp"

namespace rapidtrade::cart {

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context);
std::span<const platform::db::Migration> migrations();

}  // namespace rapidtrade::cart
