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

}  // namespace rapidtrade::frontend
