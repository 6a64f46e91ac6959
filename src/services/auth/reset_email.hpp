#pragma once
// The password reset e-mail, in the language asked for (French by default): the link to choose a
// new password and how long it lasts (templates/password_reset.txt.mustache and .html.mustache,
// texts in src/messages/<language>/email.json).
#include <chrono>
#include <string>

#include "platform/email_templates.hpp"
#include "platform/i18n/language.hpp"

namespace rapidtrade::auth {

using ResetEmail = platform::EmailContent;

// `link`: <shop URL>/mot-de-passe/nouveau?token=... (the token is URL-safe base64: nothing to escape
// in the URL; the HTML part escapes it all the same).
ResetEmail password_reset_email(const std::string& link, std::chrono::seconds valid_for,
                                platform::i18n::Language language = platform::i18n::kDefaultLanguage);

}  // namespace rapidtrade::auth
