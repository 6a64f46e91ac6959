#pragma once
// Templates and static files compiled into the binary from src/services/frontend/{templates,static}.
#include <span>

#include "platform/embedded.hpp"

namespace rapidtrade::frontend {

std::span<const platform::EmbeddedFile> embedded_files();

}  // namespace rapidtrade::frontend
