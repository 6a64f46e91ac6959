#include "platform/validation.hpp"

#include <algorithm>
#include <cctype>

namespace rapidtrade::platform {

std::string normalize_email(std::string_view email) {
    auto first = email.find_first_not_of(" \t\r\n");
    auto last = email.find_last_not_of(" \t\r\n");
    std::string s = first == std::string_view::npos ? "" : std::string(email.substr(first, last - first + 1));
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool is_valid_email(std::string_view s) {
    if (s.size() < 3 || s.size() > 254) return false;
    auto at = s.find('@');
    if (at == std::string_view::npos || at == 0 || at > 64 || s.find('@', at + 1) != std::string_view::npos) return false;
    auto local = s.substr(0, at), domain = s.substr(at + 1);
    auto ok_char = [](unsigned char c) { return c > 0x20 && c != 0x7F && c != '<' && c != '>' && c != ',' && c != ';' && c != '"' && c != '\\'; };
    for (unsigned char c : local)
        if (!ok_char(c)) return false;
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
    auto dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 3 > domain.size()) return false;  // TLD: 2+ letters
    for (unsigned char c : domain)
        if (!(std::isalnum(c) || c == '-' || c == '.' || c >= 0x80)) return false;
    if (domain.front() == '.' || domain.front() == '-' || domain.find("..") != std::string_view::npos) return false;
    return true;
}

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::optional<std::string> read_text(const boost::json::object& body, const char* field, std::size_t min,
                                     std::size_t max, bool required, std::vector<FieldError>& errors) {
    const auto* v = body.if_contains(field);
    if (v == nullptr || v->is_null()) {
        if (required) errors.push_back({field, Msg("api.field.required")});
        return std::nullopt;
    }
    if (!v->is_string()) {
        errors.push_back({field, Msg("api.field.string_expected")});
        return std::nullopt;
    }
    std::string_view raw = v->as_string();
    auto first = raw.find_first_not_of(" \t\r\n");
    auto last = raw.find_last_not_of(" \t\r\n");
    std::string s = first == std::string_view::npos ? "" : std::string(raw.substr(first, last - first + 1));
    auto len = utf8_length(s);
    if (len < min || len > max) {
        errors.push_back({field, min > 0 && len == 0 ? Msg("api.field.empty")
                                                     : Msg("api.field.length_range", {{"min", std::to_string(min)},
                                                                                      {"max", std::to_string(max)}})});
        return std::nullopt;
    }
    return s;
}

std::optional<std::string> read_email(const boost::json::object& body, const char* field,
                                      std::vector<FieldError>& errors) {
    auto text = read_text(body, field, 1, 254, true, errors);
    if (!text) return std::nullopt;
    auto email = normalize_email(*text);
    if (!is_valid_email(email)) {
        errors.push_back({field, Msg("api.field.email_invalid")});
        return std::nullopt;
    }
    return email;
}

std::optional<std::string> read_new_password(const boost::json::object& body, const char* field,
                                             std::vector<FieldError>& errors) {
    const auto* v = body.if_contains(field);
    if (v == nullptr || v->is_null()) errors.push_back({field, Msg("api.field.required")});
    else if (!v->is_string()) errors.push_back({field, Msg("api.field.string_expected")});
    else if (utf8_length(v->as_string()) < 8) errors.push_back({field, Msg("api.field.min_chars", {{"min", "8"}})});
    else if (v->as_string().size() > 1024) errors.push_back({field, Msg("api.field.max_bytes", {{"max", "1024"}})});
    else return std::string(v->as_string());
    return std::nullopt;
}

void reject_unknown_fields(const boost::json::object& body, std::initializer_list<const char*> known,
                           std::vector<FieldError>& errors) {
    for (const auto& [key, value] : body) {
        bool ok = false;
        for (const char* k : known) ok |= key == k;
        if (!ok) errors.push_back({std::string(key), Msg("api.field.unknown")});
    }
}

}  // namespace rapidtrade::platform
