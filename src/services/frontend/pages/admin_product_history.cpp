// A product's history on its back-office page: what the staff (or a service) did to it, when, in
// French (GET /apis/products/{id}/history; the catalogue records each write in its transaction).
#include <fmt/format.h>

#include "platform/money.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/history_view.hpp"

namespace rapidtrade::frontend {

namespace {

const boost::json::object* object_at(const boost::json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_object() ? &v->as_object() : nullptr;
}

// "899,00 € → 799,00 €" from {"from": 89900, "to": 79900}; the numbers as they are for stock.
std::string change(const boost::json::object& details, const char* key, bool money) {
    const auto* c = object_at(details, key);
    if (!c) return {};
    const auto* from = c->if_contains("from");
    const auto* to = c->if_contains("to");
    if (!from || !to || !from->is_int64() || !to->is_int64()) return {};
    if (money) return platform::format_eur(from->as_int64()) + " → " + platform::format_eur(to->as_int64());
    return fmt::format("{} → {}", from->as_int64(), to->as_int64());
}

// "Modifié : prix 899,00 € → 799,00 €, stock 5 → 3, description" from an update's details.
std::string updated(const boost::json::object& details) {
    std::vector<std::string> parts;
    const auto* changed = details.if_contains("changed");
    if (changed && changed->is_array())
        for (const auto& v : changed->as_array()) {
            if (!v.is_string()) continue;
            std::string field(v.as_string());
            if (field == "name") {
                const auto* c = object_at(details, "name");
                parts.push_back(c ? "nom « " + text_of(*c, "from") + " » → « " + text_of(*c, "to") + " »" : "nom");
            } else if (field == "price") {
                parts.push_back("prix " + change(details, "price_cents", true));
            } else if (field == "stock") {
                parts.push_back("stock " + change(details, "stock", false));
            } else if (field == "description") {
                parts.push_back("description");
            } else if (field == "categories") {
                parts.push_back("catégories");
            } else if (field == "images") {
                parts.push_back("images");
            }
        }
    if (parts.empty()) return "Modifié (rien n'a changé)";
    return fmt::format("Modifié : {}", fmt::join(parts, ", "));
}

std::string product_event(const boost::json::object& entry) {
    auto event = text_of(entry, "event");
    const auto* details = object_at(entry, "details");
    static const boost::json::object kNone;
    const auto& d = details ? *details : kNone;
    if (event == "created") return "Produit créé";
    if (event == "updated") return updated(d);
    if (event == "deleted") return "Produit supprimé";
    if (event == "photo_uploaded") {
        const auto* w = d.if_contains("width");
        const auto* h = d.if_contains("height");
        if (w && h && w->is_int64() && h->is_int64())
            return fmt::format("Photo envoyée ({} × {} px)", w->as_int64(), h->as_int64());
        return "Photo envoyée";
    }
    return event;
}

}  // namespace

void set_product_history(Frontend& f, Session& s, const std::string& id, mustache::data& d) {
    auto res = f.api.product_history(id, s.access_token);
    std::optional<mustache::list> rows;
    if (res.status == 200) rows = history_rows(res.json(), product_event);
    set_history(d, std::move(rows), "Aucune modification enregistrée pour ce produit.");
}

}  // namespace rapidtrade::frontend
