#pragma once
// The password reset e-mail, in French: the link to choose a new password and how long it lasts.
#include <chrono>
#include <string>

namespace rapidtrade::auth {

struct ResetEmail {
    std::string subject;
    std::string text;
    std::string html;
};

// `link`: <shop URL>/mot-de-passe/nouveau?token=... (the token is URL-safe base64: nothing to escape
// in the URL; the HTML escapes it all the same).
ResetEmail password_reset_email(const std::string& link, std::chrono::seconds valid_for);

}  // namespace rapidtrade::auth
