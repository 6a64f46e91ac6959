// The back-office's categories (/admin/categories): the list, a new category, renaming one and
// deleting one, and the history of these writes. The catalogue decides each change (with the staff member's own token, never the
// service key) and refuses to delete a category that still holds products; these pages say its
// answers in the page's language.
#include <algorithm>

#include "platform/errors.hpp"
#include "platform/i18n/messages.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/history_view.hpp"
#include "services/frontend/page_language.hpp"
#include "services/frontend/pages/admin_text.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;
using platform::http::Verb;
using platform::i18n::message;

namespace {

bool is_one_line(const std::string& s) {
    return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

struct CategoryForm {
    std::string name, slug;                    // as typed in the "Nouvelle catégorie" form
    std::string name_error, slug_error, error;  // in the page's language
};

// The last 20 writes to the categories, with the staff member's own token (staff only).
void set_categories_history(Frontend& f, Session& s, mustache::data& d) {
    auto target = Target{"apis", "products", "categories", "history"};
    target.query("per_page", 20);
    auto res = f.api.get("catalog", target, s.access_token);
    std::optional<mustache::list> rows;
    if (res.status == 200) rows = history_rows(page_language(s), res.json(), category_event);
    set_history(d, std::move(rows), message(page_language(s), "admin.categories.history_empty"));
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
    auto language = page_language(s);
    if (error.empty() && (!form.name_error.empty() || !form.slug_error.empty()))
        error = message(language, "admin.common.check_fields");
    d.set("error", error);
    d.set("has_error", flag(!error.empty()));
    set_categories_history(f, s, d);
    return admin_page(f, s, "categories", "admin_categories", d, message(language, "admin.categories.title"), status);
}

// The catalogue's field errors on a category, in the page's language.
void add_catalog_errors(Language language, const platform::http::ClientResponse& res, CategoryForm& form) {
    for (const auto& e : ShopApi::problem_of(res).fields) {
        if (e.field == "name") form.name_error = message(language, "admin.categories.name_invalid");
        if (e.field == "slug") form.slug_error = message(language, "admin.categories.slug_invalid");
    }
    if (form.name_error.empty() && form.slug_error.empty()) form.error = message(language, "admin.categories.refused");
}

}  // namespace

// "Catégorie « Bureau » (bureau) renommée en « Bureau et rangement »" from an entry of the categories'
// history (its details name the category: {slug, name} or {slug, name: {from, to}}).
std::string category_event(Language language, const boost::json::object& entry) {
    auto event = text_of(entry, "event");
    const auto* details = entry.if_contains("details");
    static const boost::json::object kNone;
    const auto& d = details && details->is_object() ? details->as_object() : kNone;
    const auto* name = d.if_contains("name");
    if (event == "category_renamed" && name && name->is_object())
        return message(language, "admin.categories.event.renamed",
                       {{"from", text_of(name->as_object(), "from")},
                        {"slug", text_of(d, "slug")},
                        {"to", text_of(name->as_object(), "to")}});
    if (event == "category_created" || event == "category_deleted")
        return message(language, event == "category_created" ? "admin.categories.event.created" : "admin.categories.event.deleted",
                       {{"name", text_of(d, "name")}, {"slug", text_of(d, "slug")}});
    return event;
}

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
    auto language = page_language(s);
    CategoryForm form{field(posted, "name"), field(posted, "slug"), {}, {}, {}};
    if (!is_one_line(form.name)) form.name_error = message(language, "admin.categories.name_invalid");
    if (!is_category_slug(form.slug)) form.slug_error = message(language, "admin.categories.slug_invalid");
    if (!form.name_error.empty() || !form.slug_error.empty()) return categories_page(f, s, form, 400);
    auto res = f.api.as_staff("catalog", Verb::post, Target{"apis", "products", "categories"}, s.access_token,
                              boost::json::object{{"slug", form.slug}, {"name", form.name}});
    if (res.status == 201) {
        s.flash = message(language, "admin.categories.created", {{"name", form.name}});
        s.changed = true;
        return f.views.redirect(s, Target{"admin", "categories"});
    }
    if (res.status == 403) return forbidden_page(f, s, message(language, "admin.access.staff_only"));
    if (res.status == 409) {
        form.slug_error = message(language, "admin.categories.slug_taken");
        return categories_page(f, s, form, 409);
    }
    if (res.status != 400) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "catalog"}, {"status", std::to_string(res.status)}}));
    add_catalog_errors(language, res, form);
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
    auto language = page_language(s);
    CategoryForm form;
    platform::http::ClientResponse res;
    if (action == "nom") {
        auto name = field(posted, "name");
        if (!is_one_line(name) || name.empty()) {
            form.error = message(language, "admin.categories.rename_refused", {{"slug", slug}});
            return categories_page(f, s, form, 400);
        }
        res = f.api.as_staff("catalog", Verb::patch, target, s.access_token, boost::json::object{{"name", name}});
        if (res.status == 200) s.flash = message(language, "admin.categories.renamed", {{"slug", slug}, {"name", name}});
    } else {
        res = f.api.as_staff("catalog", Verb::delete_, target, s.access_token);
        if (res.status == 204) s.flash = message(language, "admin.categories.deleted", {{"slug", slug}});
    }
    if (res.status == 200 || res.status == 204) {
        s.changed = true;
        return f.views.redirect(s, Target{"admin", "categories"});
    }
    if (res.status == 403) return forbidden_page(f, s, message(language, "admin.access.staff_only"));
    if (res.status == 404) {
        form.error = message(language, "admin.categories.gone", {{"slug", slug}});
        return categories_page(f, s, form, 404);
    }
    if (res.status == 409) {
        form.error = message(language, "admin.categories.not_empty", {{"slug", slug}});
        return categories_page(f, s, form, 409);
    }
    if (res.status == 400) {
        form.error = message(language, "admin.categories.rename_refused", {{"slug", slug}});
        return categories_page(f, s, form, 400);
    }
    throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "catalog"}, {"status", std::to_string(res.status)}}));
}

}  // namespace rapidtrade::frontend
