#pragma once
#include <span>

#include "platform/db/migrations.hpp"

namespace rapidtrade::payment {

std::span<const platform::db::Migration> migrations();

}  // namespace rapidtrade::payment
