// A product's history on its back-office page: what the staff (or a service) did to it, when, in
// the page's language (GET /apis/products/{id}/history; the catalogue records each write in its
// transaction).
#include <fmt/format.h>

#include "platform/i18n/format.hpp"
#include "platform/i18n/messages.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/history_view.hpp"
#include "services/frontend/page_language.hpp"
#include "services/frontend/pages/admin_text.hpp"

namespace rapidtrade::frontend {

using platform::i18n::message;

namespace {

const boost::json::object* object_at(const boost::json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_object() ? &v->as_object() : nullptr;
}

// "899,00 € → 799,00 €" from {"from": 89900, "to": 79900}; the numbers as they are for stock.
std::string change(Language language, const boost::json::object& details, const char* key, bool money) {
    const auto* c = object_at(details, key);
    if (!c) return {};
    const auto* from = c->if_contains("from");
    const auto* to = c->if_contains("to");
    if (!from || !to || !from->is_int64() || !to->is_int64()) return {};
    if (money)
        return platform::i18n::format_money(language, from->as_int64()) + " → " +
               platform::i18n::format_money(language, to->as_int64());
    return fmt::format("{} → {}", from->as_int64(), to->as_int64());
}

// The English name's change ({"from": "Vase"|null, "to": "Blue vase"|null}: null is "none, the
// French name is shown"): changed, added or removed; named alone when the details lack it.
std::string english_name_change(Language language, const boost::json::object& details) {
    const auto* c = object_at(details, "translations.en.name");
    if (!c) return message(language, "admin.product.change.name_en");
    const auto* from = c->if_contains("from");
    const auto* to = c->if_contains("to");
    bool had = from && from->is_string(), has = to && to->is_string();
    if (had && has)
        return message(language, "admin.product.change.name_en_from_to", {{"from", text_of(*c, "from")}, {"to", text_of(*c, "to")}});
    if (has) return message(language, "admin.product.change.name_en_added", {{"to", text_of(*c, "to")}});
    if (had) return message(language, "admin.product.change.name_en_removed", {{"from", text_of(*c, "from")}});
    return message(language, "admin.product.change.name_en");
}

// "Modifié : prix 899,00 € → 799,00 €, stock 5 → 3, description" from an update's details.
std::string updated(Language language, const boost::json::object& details) {
    std::vector<std::string> parts;
    const auto* changed = details.if_contains("changed");
    if (changed && changed->is_array())
        for (const auto& v : changed->as_array()) {
            if (!v.is_string()) continue;
            std::string field(v.as_string());
            if (field == "name") {
                const auto* c = object_at(details, "name");
                parts.push_back(c ? message(language, "admin.product.change.name_from_to",
                                            {{"from", text_of(*c, "from")}, {"to", text_of(*c, "to")}})
                                  : message(language, "admin.product.change.name"));
            } else if (field == "price") {
                parts.push_back(message(language, "admin.product.change.price",
                                        {{"change", change(language, details, "price_cents", true)}}));
            } else if (field == "stock") {
                parts.push_back(
                    message(language, "admin.product.change.stock", {{"change", change(language, details, "stock", false)}}));
            } else if (field == "translations.en.name") {
                parts.push_back(english_name_change(language, details));
            } else if (field == "translations.en.description") {
                parts.push_back(message(language, "admin.product.change.description_en"));
            } else if (field == "description" || field == "categories" || field == "images") {
                parts.push_back(message(language, "admin.product.change." + field));
            }
        }
    if (parts.empty()) return message(language, "admin.product.event.unchanged");
    return message(language, "admin.product.event.updated", {{"changes", fmt::format("{}", fmt::join(parts, ", "))}});
}

}  // namespace

std::string product_event(Language language, const boost::json::object& entry) {
    auto event = text_of(entry, "event");
    const auto* details = object_at(entry, "details");
    static const boost::json::object kNone;
    const auto& d = details ? *details : kNone;
    if (event == "created" || event == "deleted") return message(language, "admin.product.event." + event);
    if (event == "updated") return updated(language, d);
    if (event == "photo_uploaded") {
        const auto* w = d.if_contains("width");
        const auto* h = d.if_contains("height");
        if (w && h && w->is_int64() && h->is_int64())
            return message(language, "admin.product.event.photo_size",
                           {{"width", std::to_string(w->as_int64())}, {"height", std::to_string(h->as_int64())}});
        return message(language, "admin.product.event.photo");
    }
    return event;
}

void set_product_history(Frontend& f, Session& s, const std::string& id, mustache::data& d) {
    auto res = f.api.product_history(id, s.access_token);
    std::optional<mustache::list> rows;
    if (res.status == 200) rows = history_rows(page_language(s), res.json(), product_event);
    set_history(d, std::move(rows), message(page_language(s), "admin.product.history_empty"));
}

}  // namespace rapidtrade::frontend
