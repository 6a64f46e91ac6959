#pragma once
// The languages the shop speaks. French is the default and the reference: every message exists in
// French first, and anything that names no language we speak gets French.
#include <array>
#include <optional>
#include <string_view>

namespace rapidtrade::platform::i18n {

enum class Language { fr, en };

inline constexpr std::array kLanguages{Language::fr, Language::en};
inline constexpr Language kDefaultLanguage = Language::fr;

// "fr" or "en": the value of <html lang>, Content-Language, a profile's `language` and an order's.
std::string_view code(Language language);

// Exactly "fr" or "en" (what a form, a profile or an order stores); anything else is nullopt, so
// a caller decides whether to refuse it (API field) or ignore it (a stale cookie).
std::optional<Language> parse_language(std::string_view code);

// The language an Accept-Language header asks for (RFC 9110 12.5.4): the highest q among the
// languages we speak, matched on the primary subtag ("en-GB" is English), "*" meaning the default,
// q=0 meaning "not this one", ties going to the earlier entry. A missing, empty or malformed header
// (anything we cannot read, however long) gives the default.
Language from_accept_language(std::string_view header);

}  // namespace rapidtrade::platform::i18n
