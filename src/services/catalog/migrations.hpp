#pragma once
#include <span>

#include "platform/db/migrations.hpp"

namespace rapidtrade::catalog {

std::span<const platform::db::Migration> migrations();

}  // namespace rapidtrade::catalog
