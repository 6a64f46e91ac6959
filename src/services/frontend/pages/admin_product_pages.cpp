// The back-office's products (/admin/produits): the list with price and stock, the form that
// creates a product or changes its name, description (in French and in English), price and stock,
// and its deletion after a confirmation page. The catalogue checks and records each change (with
// the staff member's own token, never the service key: ShopApi::as_staff); these pages turn its
// answers into the page's language.
#include "platform/i18n/format.hpp"
#include "platform/i18n/messages.hpp"
#include "platform/ids.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/page_language.hpp"
#include "services/frontend/pages/admin_product_form.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;
using platform::http::Verb;
using platform::i18n::message;

namespace {

// The edit page again, after a refused change: what was typed, the stored photo.
Response refused_change(Frontend& f, Session& s, const std::string& id, ProductForm typed) {
    if (auto stored = stored_product(f, page_language(s), id)) {
        typed.name = stored->name;
        typed.photo = stored->photo;
        if (!typed.categories_sent) typed.categories = stored->categories;
    }
    typed.id = id;
    return product_form_page(f, s, typed, 400);
}

}  // namespace

// GET /admin/produits?q=
Response admin_products_page(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    std::string q = staff_search(r);
    Target target = Target{"apis", "products"}.slash().query("per_page", "100");
    if (!q.empty()) target.query("q", q);
    auto res = f.api.get("catalog", target, "");
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "catalog"}, {"status", std::to_string(res.status)}}));
    auto list = res.json();  // kept alive: the loop walks inside it
    mustache::list rows;
    for (const auto& v : list.at("items").as_array()) {
        const auto& p = v.as_object();
        mustache::data row;
        row.set("id", text_of(p, "id"));
        row.set("name", text_of(p, "name"));
        row.set("price", price(page_language(s), p.at("price")));
        const auto* stock = p.if_contains("stock");
        row.set("stock", stock && stock->is_int64() ? std::to_string(stock->as_int64()) : std::string("?"));
        rows.push_back(row);
    }
    mustache::data d;
    d.set("q", q);
    d.set("products", rows);
    d.set("empty", flag(rows.empty()));
    return admin_page(f, s, "products", "admin_products", d, message(page_language(s), "admin.products.title"));
}

// GET /admin/produits/{id}
Response admin_product_page(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    const auto& id = r.param("id");
    if (!platform::is_product_id(id)) return not_found_page(f, s);
    auto product = stored_product(f, page_language(s), id);
    if (!product) return not_found_page(f, s);
    return product_form_page(f, s, *product, 200);
}

// POST /admin/produits/{id} {name, description, name_en, description_en, price, stock}
Response admin_product_submit(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    auto form = read_form(r);
    check_csrf(form, s);
    const auto& id = r.param("id");
    if (!platform::is_product_id(id)) return not_found_page(f, s);
    auto language = page_language(s);
    boost::json::object changes;
    auto typed = read_product_form(language, form, changes);
    if (!typed.errors.empty()) return refused_change(f, s, id, std::move(typed));
    auto res = f.api.as_staff("catalog", Verb::patch, Target{"apis", "products", id}, s.access_token, changes);
    if (res.status == 404) return not_found_page(f, s);
    if (res.status == 403) return forbidden_page(f, s, message(language, "admin.access.staff_only"));
    if (res.status == 400 || res.status == 422) {
        add_catalog_errors(language, res, typed.errors);
        return refused_change(f, s, id, std::move(typed));
    }
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "catalog"}, {"status", std::to_string(res.status)}}));
    s.flash = message(language, "admin.product.saved", {{"id", id}});
    s.changed = true;
    return f.views.redirect(s, Target{"admin", "produits", id});
}

// GET /admin/produits/nouveau
Response admin_product_new_page(Frontend& f, const Request&, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    ProductForm empty;
    empty.values = {{"stock", "0"}};
    return product_form_page(f, s, empty, 200);
}

// POST /admin/produits/nouveau {name, description, name_en, description_en, price, stock}: the
// catalogue draws the id.
Response admin_product_create(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    auto form = read_form(r);
    check_csrf(form, s);
    auto language = page_language(s);
    boost::json::object product;
    auto typed = read_product_form(language, form, product);
    if (typed.errors.empty()) {
        auto res = f.api.as_staff("catalog", Verb::post, Target{"apis", "products"}.slash(), s.access_token, product);
        if (res.status == 403) return forbidden_page(f, s, message(language, "admin.access.staff_only"));
        if (res.status == 201) {
            auto id = text_of(res.json().as_object(), "id");
            if (!platform::is_product_id(id)) throw platform::ServiceUnavailable(platform::Msg("api.upstream.refused", {{"service", "catalog"}}));
            s.flash = message(language, "admin.product.created", {{"id", id}});
            s.changed = true;
            return f.views.redirect(s, Target{"admin", "produits", id});
        }
        if (res.status != 400 && res.status != 422)
            throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "catalog"}, {"status", std::to_string(res.status)}}));
        add_catalog_errors(language, res, typed.errors);
    }
    return product_form_page(f, s, typed, 400);
}

// GET /admin/produits/{id}/suppression: what will go, and the one button that does it.
Response admin_product_delete_page(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    const auto& id = r.param("id");
    if (!platform::is_product_id(id)) return not_found_page(f, s);
    auto language = page_language(s);
    auto product = stored_product(f, language, id);
    if (!product) return not_found_page(f, s);
    mustache::data d;
    d.set("id", id);
    d.set("name", product->name);
    d.set("price", platform::i18n::format_money(language, product->price_cents));
    d.set("stock", product->values["stock"]);
    return admin_page(f, s, "products", "admin_product_delete", d,
                      message(language, "admin.product.delete.page_title", {{"id", id}}));
}

// POST /admin/produits/{id}/suppression {csrf, confirm=oui}, sent by the confirmation page.
Response admin_product_delete(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    auto form = read_form(r);
    check_csrf(form, s);
    const auto& id = r.param("id");
    if (!platform::is_product_id(id)) return not_found_page(f, s);
    auto language = page_language(s);
    if (field(form, "confirm") != "oui")
        return bad_request_page(f, s, message(language, "admin.product.delete.confirm_first"));
    auto res = f.api.as_staff("catalog", Verb::delete_, Target{"apis", "products", id}, s.access_token);
    if (res.status == 404) return not_found_page(f, s);
    if (res.status == 403) return forbidden_page(f, s, message(language, "admin.access.staff_only"));
    if (res.status != 204) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "catalog"}, {"status", std::to_string(res.status)}}));
    s.flash = message(language, "admin.product.deleted", {{"id", id}});
    s.changed = true;
    return f.views.redirect(s, Target{"admin", "produits"});
}

}  // namespace rapidtrade::frontend
