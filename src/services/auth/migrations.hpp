#pragma once
#include <span>

#include "platform/db/migrations.hpp"

namespace rapidtrade::auth {

std::span<const platform::db::Migration> migrations();

}  // namespace rapidtrade::auth
