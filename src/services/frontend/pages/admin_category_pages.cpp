// The back-office's categories (/admin/categories): the list, a new category, renaming one and
// deleting one, and the history of these writes. The catalogue decides each change (with the staff member's own token, never the
// service key) and refuses to delete a category that still holds products; these pages say its
// answers in French.
#include <algorithm>

#include "platform/errors.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/history_view.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;
using platform::http::Verb;

namespace {

const char* const kNameMessage = "Saisissez un nom de 1 à 100 caractères, sur une ligne.";
const char* const kSlugMessage =
    "Saisissez de 1 à 64 lettres minuscules sans accent, chiffres et tirets (pas au début ni à la fin), "
    "par exemple salle-a-manger.";

bool is_one_line(const std::string& s) {
    return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

struct CategoryForm {
    std::string name, slug;                    // as typed in the "Nouvelle catégorie" form
    std::string name_error, slug_error, error;  // in French
};

// "Catégorie « Bureau » (bureau) renommée en « Bureau et rangement »" from an entry of the categories'
// history (its details name the category: {slug, name} or {slug, name: {from, to}}).
std::string category_event(const boost::json::object& entry) {
    auto event = text_of(entry, "event");
    const auto* details = entry.if_contains("details");
    static const boost::json::object kNone;
    const auto& d = details && details->is_object() ? details->as_object() : kNone;
    const auto* name = d.if_contains("name");
    if (event == "category_renamed" && name && name->is_object())
        return "Catégorie « " + text_of(name->as_object(), "from") + " » (" + text_of(d, "slug") + ") renommée en « " +
               text_of(name->as_object(), "to") + " »";
    auto named = "« " + text_of(d, "name") + " » (" + text_of(d, "slug") + ")";
    if (event == "category_created") return "Catégorie " + named + " créée";
    if (event == "category_deleted") return "Catégorie " + named + " supprimée";
    return event;
}

// The last 20 writes to the categories, with the staff member's own token (staff only).
void set_categories_history(Frontend& f, Session& s, mustache::data& d) {
    auto target = Target{"apis", "products", "categories", "history"};
    target.query("per_page", 20);
    auto res = f.api.get("catalog", target, s.access_token);
    std::optional<mustache::list> rows;
    if (res.status == 200) rows = history_rows(res.json(), category_event);
    set_history(d, std::move(rows), "Aucune modification des catégories enregistrée.");
}

Response categories_page(Frontend& f, Session& s, const CategoryForm& form, unsigned status) {
    auto res = f.api.get("catalog", Target{"apis", "products", "categories"}, "");
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "catalog"}, {"status", std::to_string(res.status)}}));
    auto list = res.json();  // kept alive: the loop walks inside it
    mustache::list rows;
    const auto* items = list.is_object() ? list.as_object().if_contains("items") : nullptr;
    if (items && items->is_array())
        for (const auto& v : items->as_array()) {
            if (!v.is_object()) continue;
            mustache::data row;
            row.set("slug", text_of(v.as_object(), "slug"));
            row.set("name", text_of(v.as_object(), "name"));
            rows.push_back(row);
        }
    mustache::data d;
    d.set("categories", rows);
    d.set("empty", flag(rows.empty()));
    d.set("name", form.name);
    d.set("slug", form.slug);
    d.set("name_error", form.name_error);
    d.set("name_invalid", flag(!form.name_error.empty()));
    d.set("slug_error", form.slug_error);
    d.set("slug_invalid", flag(!form.slug_error.empty()));
    auto error = form.error;
    if (error.empty() && (!form.name_error.empty() || !form.slug_error.empty())) error = "Vérifiez les champs signalés.";
    d.set("error", error);
    d.set("has_error", flag(!error.empty()));
    set_categories_history(f, s, d);
    return admin_page(f, s, "categories", "admin_categories", d, "Catégories", status);
}

// The catalogue's field errors on a category, in French.
void add_catalog_errors(const platform::http::ClientResponse& res, CategoryForm& form) {
    for (const auto& e : ShopApi::problem_of(res).fields) {
        if (e.field == "name") form.name_error = kNameMessage;
        if (e.field == "slug") form.slug_error = kSlugMessage;
    }
    if (form.name_error.empty() && form.slug_error.empty()) form.error = "Le catalogue a refusé cette catégorie.";
}

}  // namespace

bool is_category_slug(std::string_view slug) {
    if (slug.empty() || slug.size() > 64 || slug.front() == '-' || slug.back() == '-') return false;
    return std::all_of(slug.begin(), slug.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// GET /admin/categories
Response admin_categories_page(Frontend& f, const Request&, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    return categories_page(f, s, {}, 200);
}

// POST /admin/categories {csrf, name, slug}
Response admin_category_create(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    auto posted = read_form(r);
    check_csrf(posted, s);
    CategoryForm form{field(posted, "name"), field(posted, "slug"), {}, {}, {}};
    if (!is_one_line(form.name)) form.name_error = kNameMessage;
    if (!is_category_slug(form.slug)) form.slug_error = kSlugMessage;
    if (!form.name_error.empty() || !form.slug_error.empty()) return categories_page(f, s, form, 400);
    auto res = f.api.as_staff("catalog", Verb::post, Target{"apis", "products", "categories"}, s.access_token,
                              boost::json::object{{"slug", form.slug}, {"name", form.name}});
    if (res.status == 201) {
        s.flash = "Catégorie « " + form.name + " » créée.";
        s.changed = true;
        return f.views.redirect(s, Target{"admin", "categories"});
    }
    if (res.status == 403) return forbidden_page(f, s, "Cette page est réservée à l'équipe de la boutique.");
    if (res.status == 409) {
        form.slug_error = "Une catégorie a déjà cet identifiant : choisissez-en un autre.";
        return categories_page(f, s, form, 409);
    }
    if (res.status != 400) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "catalog"}, {"status", std::to_string(res.status)}}));
    add_catalog_errors(res, form);
    return categories_page(f, s, form, 400);
}

// POST /admin/categories/{slug}/{nom|suppression}: rename {csrf, name}, or delete {csrf}.
Response admin_category_action(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    auto posted = read_form(r);
    check_csrf(posted, s);
    const auto& slug = r.param("slug");
    const auto& action = r.param("action");
    if (!is_category_slug(slug) || (action != "nom" && action != "suppression")) return not_found_page(f, s);
    Target target{"apis", "products", "categories", slug};
    CategoryForm form;
    platform::http::ClientResponse res;
    if (action == "nom") {
        auto name = field(posted, "name");
        if (!is_one_line(name) || name.empty()) {
            form.error = "Le nouveau nom de « " + slug + " » est refusé : " + kNameMessage;
            return categories_page(f, s, form, 400);
        }
        res = f.api.as_staff("catalog", Verb::patch, target, s.access_token, boost::json::object{{"name", name}});
        if (res.status == 200) s.flash = "Catégorie « " + slug + " » renommée en « " + name + " ».";
    } else {
        res = f.api.as_staff("catalog", Verb::delete_, target, s.access_token);
        if (res.status == 204) s.flash = "Catégorie « " + slug + " » supprimée.";
    }
    if (res.status == 200 || res.status == 204) {
        s.changed = true;
        return f.views.redirect(s, Target{"admin", "categories"});
    }
    if (res.status == 403) return forbidden_page(f, s, "Cette page est réservée à l'équipe de la boutique.");
    if (res.status == 404) {
        form.error = "La catégorie « " + slug + " » n'existe plus.";
        return categories_page(f, s, form, 404);
    }
    if (res.status == 409) {
        form.error = "La catégorie « " + slug +
                     " » contient encore des produits : retirez-les-en avant de la supprimer. Elle est conservée.";
        return categories_page(f, s, form, 409);
    }
    if (res.status == 400) {
        form.error = "Le nouveau nom de « " + slug + " » est refusé : " + kNameMessage;
        return categories_page(f, s, form, 400);
    }
    throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "catalog"}, {"status", std::to_string(res.status)}}));
}

}  // namespace rapidtrade::frontend
