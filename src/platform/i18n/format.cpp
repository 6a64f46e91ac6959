#include "platform/i18n/format.hpp"

#include <array>

#include "platform/clock.hpp"
#include "platform/money.hpp"

namespace rapidtrade::platform::i18n {

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

}  // namespace rapidtrade::platform::i18n
