#include "platform/i18n/language_field.hpp"

namespace rapidtrade::platform::i18n {

using platform::Msg;

Language read_language(const boost::json::object& body, const char* field, std::vector<FieldError>& errors) {
    // Null says no more than absence here: an order or a reset may name no language.
    const auto* v = body.if_contains(field);
    if (v != nullptr && v->is_null()) return kDefaultLanguage;
    return read_language_if_present(body, field, Msg("api.field.language"), errors).value_or(kDefaultLanguage);
}

std::optional<Language> read_language_if_present(const boost::json::object& body, const char* field, const Msg& refusal,
                                                 std::vector<FieldError>& errors) {
    const auto* v = body.if_contains(field);
    if (v == nullptr) return std::nullopt;
    std::optional<Language> language;
    if (v->is_string()) language = parse_language(v->as_string());
    if (!language) errors.push_back({field, refusal});
    return language;
}

}  // namespace rapidtrade::platform::i18n
