#include "platform/i18n/language.hpp"

#include <cctype>
#include <string>

namespace rapidtrade::platform::i18n {

std::string_view code(Language language) { return language == Language::en ? "en" : "fr"; }

std::optional<Language> parse_language(std::string_view code) {
    if (code == "fr") return Language::fr;
    if (code == "en") return Language::en;
    return std::nullopt;
}

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// "q=0.8" -> 800, in thousandths as RFC 9110 allows three decimals; nullopt if malformed.
std::optional<int> quality(std::string_view param) {
    param = trim(param);
    if (param.size() < 3 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') return std::nullopt;
    std::string_view v = param.substr(2);
    if (v == "1" || v == "1." || v == "1.0" || v == "1.00" || v == "1.000") return 1000;
    if (v.empty() || v[0] != '0') return std::nullopt;
    if (v.size() == 1) return 0;
    if (v[1] != '.' || v.size() > 5) return std::nullopt;
    int q = 0, scale = 100;
    for (char c : v.substr(2)) {
        if (c < '0' || c > '9') return std::nullopt;
        q += (c - '0') * scale;
        scale /= 10;
    }
    return q;
}

}  // namespace

Language from_accept_language(std::string_view header) {
    if (header.size() > 4096) return kDefaultLanguage;  // no real browser sends this much
    Language best = kDefaultLanguage;
    int best_q = 0;
    while (!header.empty()) {
        auto comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        auto semi = item.find(';');
        std::string_view range = trim(item.substr(0, semi));
        int q = 1000;
        if (semi != std::string_view::npos) {
            auto parsed = quality(item.substr(semi + 1));
            if (!parsed) continue;  // an entry we cannot read counts for nothing
            q = *parsed;
        }
        std::string primary;
        for (char c : range.substr(0, range.find('-')))
            primary += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::optional<Language> language = primary == "*" ? std::optional(kDefaultLanguage) : parse_language(primary);
        if (language && q > best_q) {
            best = *language;
            best_q = q;
        }
    }
    return best;
}

}  // namespace rapidtrade::platform::i18n
