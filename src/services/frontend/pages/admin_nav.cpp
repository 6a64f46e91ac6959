// The back-office's navigation, said once for every page of /admin/ (templates/admin_nav.mustache):
// the sections, the current one marked for screen readers, "Comptes équipe" for administrators only.
#include "services/frontend/pages/admin_nav.hpp"

#include "platform/embedded.hpp"
#include "platform/i18n/messages.hpp"
#include "platform/log.hpp"
#include "platform/templates.hpp"
#include "services/frontend/assets.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/page_language.hpp"

namespace rapidtrade::frontend {

namespace {

struct Section {
    const char* key;
    const char* href;
    const char* label;  // a message key (admin.nav.*)
    bool admins_only;
};

constexpr Section kSections[] = {
    {"dashboard", "/admin/", "admin.nav.dashboard", false},     {"orders", "/admin/commandes", "admin.nav.orders", false},
    {"products", "/admin/produits", "admin.nav.products", false}, {"categories", "/admin/categories", "admin.nav.categories", false},
    {"customers", "/admin/clients", "admin.nav.customers", false}, {"team", "/admin/equipe", "admin.nav.team", true},
};

// A partial's text with its {{@key}} messages in `language`: Mustache reads a partial at render
// time, after the page's own template was translated, so the partial is translated here.
mustache::partial translated_partial(const char* path, platform::i18n::Language language) {
    return mustache::partial([path, language] {
        return platform::translate_template(*platform::find_embedded(embedded_files(), path), language, true);
    });
}

}  // namespace

bool is_admin(Frontend& f, const Session& s) {
    try {
        return f.tokens.verify(s.access_token).has_role("admin");
    } catch (const std::exception& e) {
        platform::log::warn("admin_token_unverified", {{"error", e.what()}});
        return false;
    }
}

void set_admin_navigation(mustache::data& data, platform::i18n::Language language, std::string_view section, bool admin) {
    mustache::list items;
    for (const auto& sec : kSections) {
        if (sec.admins_only && !admin) continue;
        mustache::data item;
        item.set("href", sec.href);
        item.set("label", platform::i18n::message(language, sec.label));
        item.set("current", flag(section == sec.key));
        items.push_back(item);
    }
    data.set("nav_items", items);
    data.set("admin_nav", translated_partial("templates/admin_nav.mustache", language));
    // An object's history (orders have their own), where its page shows one (history_view.hpp).
    data.set("admin_history", translated_partial("templates/admin_history.mustache", language));
}

Response admin_page(Frontend& f, Session& s, std::string_view section, const std::string& name, mustache::data data,
                    const std::string& title, unsigned status) {
    auto language = page_language(s);
    set_admin_navigation(data, language, section, is_admin(f, s));
    return f.views.page(s, name, std::move(data), platform::i18n::message(language, "admin.title", {{"page", title}}),
                        status);
}

}  // namespace rapidtrade::frontend
