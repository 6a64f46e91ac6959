#include "platform/money.hpp"

#include "platform/errors.hpp"

namespace rapidtrade::platform {

boost::json::object to_json(const Money& m) { return {{"amount", m.amount}, {"currency", m.currency}}; }

Money money_from_json(const boost::json::value& v, const std::string& field) {
    if (!v.is_object()) throw BadRequest(field, Msg("api.money.object_expected"));
    const auto& o = v.as_object();
    Money m;
    auto amount = o.if_contains("amount");
    if (amount == nullptr) throw BadRequest(field + ".amount", Msg("api.field.required"));
    if (!amount->is_int64() && !amount->is_uint64())
        throw BadRequest(field + ".amount", Msg("api.money.whole_cents"));
    if (amount->is_uint64() || amount->as_int64() < 0 || amount->as_int64() > 100'000'000'00LL)
        throw BadRequest(field + ".amount", Msg("api.money.cents_range", {{"max", "10000000000"}}));
    m.amount = amount->as_int64();
    if (auto currency = o.if_contains("currency")) {
        if (!currency->is_string() || currency->as_string() != "EUR")
            throw BadRequest(field + ".currency", Msg("api.money.eur_only"));
    }
    return m;
}

std::string format_eur(std::int64_t cents) {
    bool negative = cents < 0;
    std::uint64_t abs = negative ? static_cast<std::uint64_t>(-(cents + 1)) + 1 : static_cast<std::uint64_t>(cents);
    std::string euros = std::to_string(abs / 100);
    std::string grouped;
    for (std::size_t i = 0; i < euros.size(); ++i) {
        if (i > 0 && (euros.size() - i) % 3 == 0) grouped += "\u202F";  // fr-FR groups with a narrow no-break space
        grouped += euros[i];
    }
    unsigned rest = static_cast<unsigned>(abs % 100);
    std::string out = (negative ? "-" : "") + grouped + "," + (rest < 10 ? "0" : "") + std::to_string(rest);
    return out + "\u00A0€";
}

std::optional<std::int64_t> parse_eur(std::string_view text) {
    std::string digits;  // the amount without its spaces and currency sign, ',' as the decimal mark
    for (std::size_t i = 0; i < text.size();) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == ' ') { ++i; continue; }
        if (text.substr(i).starts_with("\u202F") || text.substr(i).starts_with("\u00A0")) {
            i += text.substr(i).starts_with("\u202F") ? 3 : 2;  // the no-break spaces format_eur writes
            continue;
        }
        if (text.substr(i).starts_with("\u20AC")) { i += 3; continue; }  // the euro sign
        if (c >= '0' && c <= '9') digits += static_cast<char>(c);
        else if (c == ',' || c == '.') digits += ',';
        else return std::nullopt;
        ++i;
    }
    auto comma = digits.find(',');
    std::string whole = digits.substr(0, comma);
    std::string cents = comma == std::string::npos ? "" : digits.substr(comma + 1);
    if (whole.empty() || whole.size() > 9 || cents.size() > 2 || cents.find(',') != std::string::npos) return std::nullopt;
    while (cents.size() < 2) cents += '0';
    return std::stoll(whole) * 100 + std::stoll(cents);
}

}  // namespace rapidtrade::platform
