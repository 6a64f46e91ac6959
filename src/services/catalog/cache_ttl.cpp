#include "services/catalog/cache_ttl.hpp"

namespace rapidtrade::catalog {

std::chrono::milliseconds cache_ttl(const platform::Env& env) {
    return env.millis("CATALOG_CACHE_TTL_MS", std::chrono::milliseconds(1000), std::chrono::milliseconds(0));
}

}  // namespace rapidtrade::catalog
