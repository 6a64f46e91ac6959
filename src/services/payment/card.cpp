#include "services/payment/card.hpp"

#include <algorithm>
#include <cctype>

#include "platform/validation.hpp"

namespace rapidtrade::payment {

Card card_from_json(const boost::json::value& v, std::vector<platform::FieldError>& errors) {
    Card c;
    if (!v.is_object()) {
        errors.push_back({"card", platform::Msg("api.card.object_expected")});
        return c;
    }
    const auto& o = v.as_object();
    std::vector<platform::FieldError> local;
    platform::reject_unknown_fields(o, {"holder", "number", "cvv", "exp_month", "exp_year"}, local);
    c.holder = platform::read_text(o, "holder", 1, 100, true, local).value_or("");
    if (const auto* n = o.if_contains("number"); n == nullptr || !n->is_string()) {
        local.push_back({"number", platform::Msg("api.card.number_required")});
    } else {
        bool bad_char = false;
        for (char ch : n->as_string()) {
            if (std::isdigit(static_cast<unsigned char>(ch))) c.number += ch;
            else if (ch != ' ' && ch != '-') bad_char = true;
        }
        if (bad_char) local.push_back({"number", platform::Msg("api.card.number_characters")});
        else if (c.number.size() < 12 || c.number.size() > 19) local.push_back({"number", platform::Msg("api.card.number_length")});
        if (bad_char) c.number.clear();
    }
    if (const auto* cvv = o.if_contains("cvv"); cvv == nullptr || !cvv->is_string()) {
        local.push_back({"cvv", platform::Msg("api.card.cvv_required")});
    } else {
        c.cvv = std::string(cvv->as_string());
        if (c.cvv.empty() || c.cvv.size() > 4 || !std::all_of(c.cvv.begin(), c.cvv.end(), ::isdigit))
            local.push_back({"cvv", platform::Msg("api.card.cvv_format")});
    }
    const auto* m = o.if_contains("exp_month");
    if (m == nullptr || !m->is_int64() || m->as_int64() < 1 || m->as_int64() > 12)
        local.push_back({"exp_month", platform::Msg("api.card.exp_month")});
    else
        c.exp_month = static_cast<int>(m->as_int64());
    const auto* y = o.if_contains("exp_year");
    if (y == nullptr || !y->is_int64() || y->as_int64() < 2000 || y->as_int64() > 2100)
        local.push_back({"exp_year", platform::Msg("api.card.exp_year")});
    else
        c.exp_year = static_cast<int>(y->as_int64());
    for (auto& e : local) errors.push_back({"card." + e.field, std::move(e.message)});
    return c;
}

bool luhn_valid(const std::string& digits) {
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (twice && (d *= 2) > 9) d -= 9;
        sum += d;
        twice = !twice;
    }
    return !digits.empty() && sum % 10 == 0;
}

std::string brand_of(const std::string& n) {
    auto prefix = [&](std::size_t len) { return n.size() >= len ? std::stoi(n.substr(0, len)) : -1; };
    if (n.starts_with("34") || n.starts_with("37")) return "amex";
    if (n.starts_with("4")) return "visa";
    if ((prefix(2) >= 51 && prefix(2) <= 55) || (prefix(4) >= 2221 && prefix(4) <= 2720)) return "mastercard";
    if (n.starts_with("6011") || n.starts_with("65") || (prefix(3) >= 644 && prefix(3) <= 649)) return "discover";
    return "unknown";
}

std::optional<std::string> refusal_reason(const Card& card, int current_year, int current_month) {
    if (!luhn_valid(card.number)) return "invalid_number";
    if (card.exp_year < current_year || (card.exp_year == current_year && card.exp_month < current_month))
        return "expired";
    std::size_t cvv_length = brand_of(card.number) == "amex" ? 4 : 3;
    if (card.cvv.size() != cvv_length) return "invalid_cvv";
    if (card.number == "4000000000000002") return "declined";
    if (card.number == "4000000000009995") return "insufficient_funds";
    return std::nullopt;
}

}  // namespace rapidtrade::payment
