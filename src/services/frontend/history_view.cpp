#include "services/frontend/history_view.hpp"

#include <fmt/format.h>

#include "platform/clock.hpp"
#include "services/frontend/frontend.hpp"

namespace rapidtrade::frontend {

// fmt rather than " " + s: GCC 12 warns falsely (-Wrestrict, its bug 105651) on the latter.
std::string history_when(const std::string& at) {
    if (at.size() < 16) return platform::french_date(at);
    return fmt::format("{} {}", platform::french_date(at), at.substr(11, 5));
}

std::string history_who(const boost::json::object& entry) {
    const auto* staff = entry.if_contains("staff");
    if (staff && staff->is_object()) {
        auto email = text_of(staff->as_object(), "email");
        if (!email.empty()) return email;
    }
    if (text_of(entry, "actor") == "customer") return "le client";
    return "la boutique";
}

std::optional<kainjow::mustache::list> history_rows(const boost::json::value& answer,
                                                     std::string (*describe)(const boost::json::object& entry)) {
    const auto* items = answer.is_object() ? answer.as_object().if_contains("items") : nullptr;
    if (!items || !items->is_array()) return std::nullopt;
    kainjow::mustache::list rows;
    for (const auto& v : items->as_array()) {
        if (!v.is_object()) continue;
        const auto& e = v.as_object();
        kainjow::mustache::data row;
        row.set("when", history_when(text_of(e, "at")));
        row.set("who", history_who(e));
        row.set("what", describe(e));
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
