#include "services/auth/passwords.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>

namespace rapidtrade::auth {

std::string hash_password(std::string_view password) {
    static std::once_flag init;
    std::call_once(init, [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium cannot initialise");
    });
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("out of memory while hashing a password");
    return out;
}

bool verify_password(std::string_view hash, std::string_view password) {
    std::string h(hash);  // crypto_pwhash_str_verify needs a NUL-terminated string
    return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

void verify_against_dummy(std::string_view password) {
    static const std::string kDummy = hash_password("not a real password, only spends time");
    verify_password(kDummy, password);
}

}  // namespace rapidtrade::auth
