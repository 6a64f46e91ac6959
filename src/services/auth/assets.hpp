#pragma once
// Files compiled into the binary from src/services/auth/templates/ (the password reset e-mail).
#include <span>

#include "platform/embedded.hpp"

namespace rapidtrade::auth {

std::span<const platform::EmbeddedFile> embedded_files();

}  // namespace rapidtrade::auth
