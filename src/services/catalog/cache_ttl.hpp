#pragma once
// How long the catalogue keeps a GET answer (platform::http::ReadCache): at most
// CATALOG_CACHE_TTL_MS (1 s by default, 0 = off), so that a write through another replica shows up soon.
#include <chrono>

#include "platform/config.hpp"

namespace rapidtrade::catalog {

// CATALOG_CACHE_TTL_MS, from 0 (the cache off) to 24 h; ConfigError for anything else.
std::chrono::milliseconds cache_ttl(const platform::Env& env);

}  // namespace rapidtrade::catalog
