#include "greeting.hpp"

#include <fmt/format.h>

#include "contracts/demo.hpp"

namespace rapidtrade {

std::string greeting(const GreetingFacts& f) {
    std::string targets;
    for (const auto& t : f.targets) targets += (targets.empty() ? "" : ", ") + t;
    std::string out = fmt::format("\nRapidTrade {} is ready: {} ({})\n\n", f.version, targets, f.storage);
    auto line = [&out](std::string_view label, const std::string& text) {
        out += fmt::format("  {:<15}{}\n", label, text);
    };
    if (f.web_shop) line("Shop", f.base_url + "/");
    if (f.web_shop) line("Back-office", f.base_url + "/admin/  (staff accounts: rapidtrade staff add)");
    line("API", f.base_url + "/apis/products/  (contract: docs/api/openapi.yaml)");
    if (f.web_shop && f.mailbox)
        line("Mailbox", f.base_url + "/boite-mail" +
                            (f.mailbox_shows_all ? "  (every customer's mail)" : "  (the logged-in customer's mail)"));
    if (f.demo_customer)
        line("Demo customer", fmt::format("{} / {}", contracts::demo::kEmail, contracts::demo::kPassword));
    if (f.demo_customer)
        line("Demo admin", fmt::format("{} / {}  (staff account)", contracts::demo::kAdminEmail,
                                       contracts::demo::kAdminPassword));
    if (f.web_shop) line("Promo code", "ViveLeDesign  (-30 % when logged in)");
    if (!f.api_key_file.empty()) line("API key", "in " + f.api_key_file + "  (X-Api-Key for internal routes)");
    line("Health", f.base_url + "/readyz  and  " + f.base_url + "/metrics");
    out += "\n  Ctrl+C stops the shop. Logs follow (LOG_FORMAT=json for JSON lines).\n\n";
    return out;
}

}  // namespace rapidtrade
