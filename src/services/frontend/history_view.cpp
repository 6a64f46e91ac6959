#include "services/frontend/history_view.hpp"

#include "platform/i18n/format.hpp"
#include "platform/i18n/messages.hpp"
#include "services/frontend/frontend.hpp"

namespace rapidtrade::frontend {

using platform::i18n::message;

std::string history_when(platform::i18n::Language language, const std::string& at) {
    auto date = platform::i18n::format_date(language, at);
    if (at.size() < 16) return date;
    return message(language, "admin.history.when", {{"date", date}, {"time", std::string_view(at).substr(11, 5)}});
}

std::string history_who(platform::i18n::Language language, const boost::json::object& entry) {
    const auto* staff = entry.if_contains("staff");
    if (staff && staff->is_object()) {
        auto email = text_of(staff->as_object(), "email");
        if (!email.empty()) return email;
    }
    if (text_of(entry, "actor") == "customer") return message(language, "admin.history.customer");
    return message(language, "admin.history.shop");
}

std::optional<kainjow::mustache::list> history_rows(platform::i18n::Language language, const boost::json::value& answer,
                                                     DescribeEntry describe) {
    const auto* items = answer.is_object() ? answer.as_object().if_contains("items") : nullptr;
    if (!items || !items->is_array()) return std::nullopt;
    kainjow::mustache::list rows;
    for (const auto& v : items->as_array()) {
        if (!v.is_object()) continue;
        const auto& e = v.as_object();
        kainjow::mustache::data row;
        row.set("when", history_when(language, text_of(e, "at")));
        row.set("who", history_who(language, e));
        row.set("what", describe(language, e));
        rows.push_back(row);
    }
    return rows;
}

void set_history(kainjow::mustache::data& d, std::optional<kainjow::mustache::list> rows, const std::string& empty) {
    d.set("history_available", flag(rows.has_value()));
    d.set("has_history", flag(rows && !rows->empty()));
    d.set("history", rows.value_or(kainjow::mustache::list{}));
    d.set("history_empty", empty);
}

}  // namespace rapidtrade::frontend
