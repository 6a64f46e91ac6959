#pragma once
// HTML form posts: application/x-www-form-urlencoded bodies, and the CSRF check every form passes.
#include <map>
#include <string>

#include "platform/http/message.hpp"
#include "services/frontend/session.hpp"

namespace rapidtrade::frontend {

using Form = std::map<std::string, std::string>;

// Decodes the body ('+' is a space); 400 when it is not a form or not valid UTF-8.
Form read_form(const platform::http::Request& request);
// 403 unless the form's csrf field matches the session's token.
void check_csrf(const Form& form, const Session& session);
std::string field(const Form& form, const std::string& name);

}  // namespace rapidtrade::frontend
