#pragma once
// Field checks shared by services (e-mail, passwords, names), reporting into a FieldError list so
// one answer can name every bad field.
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "platform/errors.hpp"

namespace rapidtrade::platform {

// Trimmed and lower-cased: e-mails are compared case-insensitively.
std::string normalize_email(std::string_view email);
bool is_valid_email(std::string_view normalized);
// Number of Unicode code points in valid UTF-8.
std::size_t utf8_length(std::string_view s);

// Reads body[field] as a trimmed string of min..max code points. Missing and not required: nullopt.
std::optional<std::string> read_text(const boost::json::object& body, const char* field, std::size_t min,
                                     std::size_t max, bool required, std::vector<FieldError>& errors);
// A required e-mail address: trimmed, lower-cased and checked; an error names `field` otherwise.
std::optional<std::string> read_email(const boost::json::object& body, const char* field,
                                      std::vector<FieldError>& errors);
// A required new password: a string of at least 8 characters and at most 1024 bytes, kept as typed.
std::optional<std::string> read_new_password(const boost::json::object& body, const char* field,
                                             std::vector<FieldError>& errors);

// Adds an "unknown field" error for every key not in `known`.
void reject_unknown_fields(const boost::json::object& body, std::initializer_list<const char*> known,
                           std::vector<FieldError>& errors);
inline void throw_if_any(std::vector<FieldError>& errors) {
    if (!errors.empty()) throw BadRequest(std::move(errors));
}

}  // namespace rapidtrade::platform
