#pragma once
#include <span>

#include "platform/db/migrations.hpp"

namespace rapidtrade::cart {

std::span<const platform::db::Migration> migrations();

}  // namespace rapidtrade::cart
