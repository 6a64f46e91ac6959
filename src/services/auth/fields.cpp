#include "services/auth/fields.hpp"

#include "platform/validation.hpp"

namespace rapidtrade::auth {

namespace {

bool has_control_character(std::string_view s) {
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7F) return true;
    return false;
}

}  // namespace

std::optional<platform::Msg> password_problem(std::string_view password) {
    boost::json::object body{{"password", password}};
    std::vector<platform::FieldError> errors;
    if (!platform::read_new_password(body, "password", errors)) return errors.front().message;
    if (has_control_character(password)) return platform::Msg("api.field.control_characters");
    return std::nullopt;
}

std::optional<std::string> read_email_strict(const boost::json::object& body, const char* field,
                                             std::vector<platform::FieldError>& errors) {
    const auto* v = body.if_contains(field);
    if (v != nullptr && v->is_string() && has_control_character(v->as_string())) {
        errors.push_back({field, platform::Msg("api.field.email_invalid")});
        return std::nullopt;
    }
    return platform::read_email(body, field, errors);
}

std::optional<std::string> read_password_strict(const boost::json::object& body, const char* field,
                                                std::vector<platform::FieldError>& errors) {
    const auto* v = body.if_contains(field);
    if (v == nullptr || v->is_null()) errors.push_back({field, platform::Msg("api.field.required")});
    else if (!v->is_string()) errors.push_back({field, platform::Msg("api.field.string_expected")});
    else if (auto problem = password_problem(v->as_string())) errors.push_back({field, *problem});
    else return std::string(v->as_string());
    return std::nullopt;
}

std::optional<std::string> read_current_password(const boost::json::object& body, const char* field,
                                                 std::vector<platform::FieldError>& errors) {
    const auto* v = body.if_contains(field);
    if (v == nullptr || v->is_null()) errors.push_back({field, platform::Msg("api.field.required")});
    else if (!v->is_string() || v->as_string().empty() || v->as_string().size() > 1024)
        errors.push_back({field, platform::Msg("api.field.non_empty_max_bytes", {{"max", "1024"}})});
    else return std::string(v->as_string());
    return std::nullopt;
}

}  // namespace rapidtrade::auth
