#pragma once
// The auth service's checks of what comes in: e-mails, passwords and reset tokens are refused
// outright when they hold a control character (CR, LF, NUL...), rather than trimmed or passed on:
// they end up in mail headers, logs and hashes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "platform/errors.hpp"

namespace rapidtrade::auth {

// A password that may be set: the sign-up rules (8 characters to 1024 bytes, platform::
// read_new_password) and no control character. The message for a weak one, or nullopt when fine.
std::optional<platform::Msg> password_problem(std::string_view password);

// body[field] as a valid e-mail, normalised; refused with a control character anywhere in it.
std::optional<std::string> read_email_strict(const boost::json::object& body, const char* field,
                                             std::vector<platform::FieldError>& errors);
// body[field] as a new password (password_problem).
std::optional<std::string> read_password_strict(const boost::json::object& body, const char* field,
                                                std::vector<platform::FieldError>& errors);
// body[field] as a password being checked (the current one): a non-empty string of at most 1024
// bytes, as typed.
std::optional<std::string> read_current_password(const boost::json::object& body, const char* field,
                                                 std::vector<platform::FieldError>& errors);

}  // namespace rapidtrade::auth
