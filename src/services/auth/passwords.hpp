#pragma once
// Argon2id password hashes (libsodium crypto_pwhash_str, interactive limits: 2 passes, 64 MiB).
#include <string>
#include <string_view>

namespace rapidtrade::auth {

std::string hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);
// Spends the same time as a real verification, for unknown e-mails (no account enumeration).
void verify_against_dummy(std::string_view password);

}  // namespace rapidtrade::auth
