#include "platform/i18n/format.hpp"

#include <algorithm>
#include <array>

#include "platform/clock.hpp"
#include "platform/money.hpp"

namespace rapidtrade::platform::i18n {

namespace {

bool is_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "2026-12-01..." -> "1 December 2026"; anything else unchanged.
std::string english_date(std::string_view iso) {
    auto digits = [&](std::size_t from, std::size_t n) {
        int v = 0;
        for (std::size_t i = from; i < from + n; ++i) {
            if (iso[i] < '0' || iso[i] > '9') return -1;
            v = v * 10 + (iso[i] - '0');
        }
        return v;
    };
    if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return std::string(iso);
    int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return std::string(iso);
    static constexpr std::array<std::string_view, 12> kMonths{"January", "February", "March",     "April",
                                                              "May",     "June",     "July",      "August",
                                                              "September", "October", "November", "December"};
    return std::to_string(day) + " " + std::string(kMonths[static_cast<std::size_t>(month - 1)]) + " " +
           std::to_string(year);
}

}  // namespace

std::string format_money(Language language, std::int64_t cents) {
    if (language == Language::fr) return format_eur(cents);
    bool negative = cents < 0;
    std::uint64_t abs = negative ? static_cast<std::uint64_t>(-(cents + 1)) + 1 : static_cast<std::uint64_t>(cents);
    std::string euros = std::to_string(abs / 100);
    std::string grouped;
    for (std::size_t i = 0; i < euros.size(); ++i) {
        if (i > 0 && (euros.size() - i) % 3 == 0) grouped += ',';
        grouped += euros[i];
    }
    unsigned rest = static_cast<unsigned>(abs % 100);
    return std::string(negative ? "-" : "") + "€" + grouped + "." + (rest < 10 ? "0" : "") + std::to_string(rest);
}

std::string format_date(Language language, std::string_view iso) {
    if (language == Language::fr) return french_date(iso);
    return english_date(iso);
}

std::string format_date_time(Language language, std::string_view iso) {
    // "2026-12-01T04:02:49Z": the minute is at 11..15, after a 'T' (or the space SQL writes).
    bool has_time = iso.size() >= 16 && (iso[10] == 'T' || iso[10] == ' ') && iso[13] == ':' &&
                    is_digits(iso.substr(11, 2)) && is_digits(iso.substr(14, 2));
    // english_date checks the day itself (french_date only rearranges it).
    if (!has_time || english_date(iso) == iso) return std::string(iso);
    auto day = format_date(language, iso);
    return day + (language == Language::fr ? " " : ", ") + std::string(iso.substr(11, 5));
}

std::optional<std::int64_t> parse_money(Language language, std::string_view text) {
    if (language == Language::fr) return parse_eur(text);
    // English: drop the spaces and the euro sign, check the thousands groups, then read what is left
    // ("1099.00") as parse_eur does ('.' is a decimal mark there too).
    std::string plain;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == ' ') { ++i; continue; }
        if (text.substr(i).starts_with("\u20AC")) { i += 3; continue; }
        plain += text[i++];
    }
    auto point = plain.find('.');
    // No comma among the decimals ("1,099.0,5"): only the whole euros are grouped.
    if (point != std::string::npos && plain.find(',', point) != std::string::npos) return std::nullopt;
    std::string_view whole = std::string_view(plain).substr(0, point);
    if (whole.find(',') != std::string_view::npos) {
        // "1,099" or "12,345,678": one to three digits, then groups of exactly three.
        std::size_t first = whole.find(',');
        if (first == 0 || first > 3) return std::nullopt;
        for (std::size_t at = first; at < whole.size(); at += 4)
            if (whole[at] != ',' || whole.size() - at < 4 || !is_digits(whole.substr(at + 1, 3))) return std::nullopt;
        std::string joined;
        for (char c : plain)
            if (c != ',') joined += c;
        plain = joined;
    }
    return parse_eur(plain);
}

}  // namespace rapidtrade::platform::i18n
