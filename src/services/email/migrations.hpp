#pragma once
#include <span>

#include "platform/db/migrations.hpp"

namespace rapidtrade::email {

std::span<const platform::db::Migration> migrations();

}  // namespace rapidtrade::email
