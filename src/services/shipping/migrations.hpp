#pragma once
#include <span>

#include "platform/db/migrations.hpp"

namespace rapidtrade::shipping {

std::span<const platform::db::Migration> migrations();

}  // namespace rapidtrade::shipping
