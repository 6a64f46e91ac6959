#pragma once
#include <span>

#include "platform/db/migrations.hpp"

namespace rapidtrade::checkout {

std::span<const platform::db::Migration> migrations();

}  // namespace rapidtrade::checkout
