#pragma once
#include <span>

#include "platform/db/migrations.hpp"

namespace rapidtrade::customers {

std::span<const platform::db::Migration> migrations();

}  // namespace rapidtrade::customers
