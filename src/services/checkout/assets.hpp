#pragma once
// Files compiled into the binary from src/services/checkout/templates/ (the confirmation e-mail).
#include <span>

#include "platform/embedded.hpp"

namespace rapidtrade::checkout {

std::span<const platform::EmbeddedFile> embedded_files();

}  // namespace rapidtrade::checkout
