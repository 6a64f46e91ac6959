#pragma once
// Text helpers shared by every service: UTF-8 validation and the search normalisation that makes
// "canape" find "Canapé d'Angle".
#include <functional>
#include <string>
#include <string_view>

namespace rapidtrade::platform {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Lower-cases and strips Latin accents ("Canapé CHÊNE" -> "canape chene"), folds ligatures
// ("œ" -> "oe") and collapses runs of whitespace. Input must be valid UTF-8.
std::string normalize_for_search(std::string_view s);

// Compares secrets without leaking, through timing, where the first difference is.
bool constant_time_equals(std::string_view a, std::string_view b);

// Escapes & < > " ' for HTML text and attribute values.
std::string html_escape(std::string_view s);

// A hash for maps keyed by std::string that are looked up by std::string_view without making a
// string (with std::equal_to<> as the key comparison).
struct TransparentStringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// Escapes % _ and \ so user text can be put inside a LIKE pattern with ESCAPE '\'.
std::string escape_like(std::string_view s);

}  // namespace rapidtrade::platform
