#include "platform/i18n/language_field.hpp"

namespace rapidtrade::platform::i18n {

using platform::Msg;

Language read_language(const boost::json::object& body, const char* field, std::vector<FieldError>& errors) {
    const auto* v = body.if_contains(field);
    if (v == nullptr || v->is_null()) return kDefaultLanguage;
    std::optional<Language> language;
    if (v->is_string()) language = parse_language(v->as_string());
    if (!language) {
        errors.push_back({field, Msg("api.field.language")});
        return kDefaultLanguage;
    }
    return *language;
}

}  // namespace rapidtrade::platform::i18n
