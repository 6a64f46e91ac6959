#pragma once
// The password reset e-mail, in French: the link to choose a new password and how long it lasts
// (templates/password_reset.txt.mustache and .html.mustache).
#include <chrono>
#include <string>

#include "platform/email_templates.hpp"

namespace rapidtrade::auth {

using ResetEmail = platform::EmailContent;

// `link`: <shop URL>/mot-de-passe/nouveau?token=... (the token is URL-safe base64: nothing to escape
// in the URL; the HTML part escapes it all the same).
ResetEmail password_reset_email(const std::string& link, std::chrono::seconds valid_for);

}  // namespace rapidtrade::auth
