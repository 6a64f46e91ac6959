// The back-office's navigation, said once for every page of /admin/ (templates/admin_nav.mustache):
// the sections, the current one marked for screen readers, "Comptes équipe" for administrators only.
#include "platform/embedded.hpp"
#include "platform/log.hpp"
#include "services/frontend/assets.hpp"
#include "services/frontend/frontend.hpp"

namespace rapidtrade::frontend {

namespace {

struct Section {
    const char* key;
    const char* href;
    const char* label;
    bool admins_only;
};

constexpr Section kSections[] = {
    {"dashboard", "/admin/", "Tableau de bord", false},  {"orders", "/admin/commandes", "Commandes", false},
    {"products", "/admin/produits", "Produits", false},  {"categories", "/admin/categories", "Catégories", false},
    {"customers", "/admin/clients", "Clients", false},   {"team", "/admin/equipe", "Comptes équipe", true},
};

}  // namespace

bool is_admin(Frontend& f, const Session& s) {
    try {
        return f.tokens.verify(s.access_token).has_role("admin");
    } catch (const std::exception& e) {
        platform::log::warn("admin_token_unverified", {{"error", e.what()}});
        return false;
    }
}

Response admin_page(Frontend& f, Session& s, std::string_view section, const std::string& name, mustache::data data,
                    const std::string& title, unsigned status) {
    bool admin = is_admin(f, s);
    mustache::list items;
    for (const auto& sec : kSections) {
        if (sec.admins_only && !admin) continue;
        mustache::data item;
        item.set("href", sec.href);
        item.set("label", sec.label);
        item.set("current", flag(section == sec.key));
        items.push_back(item);
    }
    data.set("nav_items", items);
    data.set("admin_nav", mustache::partial([] {
        return std::string(*platform::find_embedded(embedded_files(), "templates/admin_nav.mustache"));
    }));
    // An object's history (orders have their own), where its page shows one (history_view.hpp).
    data.set("admin_history", mustache::partial([] {
        return std::string(*platform::find_embedded(embedded_files(), "templates/admin_history.mustache"));
    }));
    return f.views.page(s, name, std::move(data), title + " | Administration E-Design", status);
}

}  // namespace rapidtrade::frontend
