#include "services/frontend/pages/admin_product_form.hpp"

#include <algorithm>

#include "platform/errors.hpp"
#include "platform/i18n/format.hpp"
#include "platform/i18n/messages.hpp"
#include "services/frontend/page_language.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;
using platform::i18n::Language;
using platform::i18n::message;

namespace {

// The fields whose errors the form explains (admin.product.error.<field>).
const std::set<std::string, std::less<>> kFields{"name",  "description", "name_en", "description_en",
                                                 "price", "stock",       "categories"};

std::string error_text(Language language, std::string_view field) {
    return message(language, "admin.product.error." + std::string(field));
}

// The form's price as the page's language writes it in a field: French "1 099,00 €" (format_eur),
// English "1,099.00" (the label says "(€)"); read back by parse_money in the same language.
std::string price_field(Language language, std::int64_t cents) {
    auto text = platform::i18n::format_money(language, cents);
    if (language == Language::en && text.starts_with("\u20AC")) text.erase(0, std::string_view("\u20AC").size());
    return text;
}

// A ticked category arrives as "categorie-<slug>=oui" (a form decodes to one value per name).
constexpr std::string_view kCategoryPrefix = "categorie-";

// The catalogue's names of the English texts (translations.en.*), as the form names them.
const std::map<std::string, std::string, std::less<>> kTranslationFields{{"translations.en.name", "name_en"},
                                                                         {"translations.en.description", "description_en"}};


bool is_control(char c, bool lines_allowed) {
    auto u = static_cast<unsigned char>(c);
    if (lines_allowed && (c == '\r' || c == '\n' || c == '\t')) return false;
    return u < 0x20 || u == 0x7f;
}

bool has_control(const std::string& s, bool lines_allowed) {
    return std::any_of(s.begin(), s.end(), [&](char c) { return is_control(c, lines_allowed); });
}

}  // namespace

ProductForm read_product_form(Language language, const Form& form, boost::json::object& changes) {
    ProductForm out;
    for (const char* name : {"name", "description", "name_en", "description_en", "price", "stock"})
        out.values[name] = field(form, name);
    auto& v = out.values;
    // The catalogue stores any string; a name is one line of text, and a NUL or a control character
    // in either field is a forgery or a paste gone wrong, refused here before it reaches a page.
    if (has_control(v["name"], false)) out.errors["name"] = error_text(language, "name");
    else changes["name"] = v["name"];
    if (has_control(v["description"], true)) out.errors["description"] = error_text(language, "description");
    else changes["description"] = v["description"];
    // The English texts, when the form showed them (a post without them keeps them); empty means
    // none: the shop shows the French text.
    if (form.contains("name_en") || form.contains("description_en")) {
        boost::json::object en;
        if (has_control(v["name_en"], false)) out.errors["name_en"] = error_text(language, "name_en");
        else en["name"] = v["name_en"];
        if (has_control(v["description_en"], true)) out.errors["description_en"] = error_text(language, "description_en");
        else en["description"] = v["description_en"];
        changes["translations"] = {{"en", std::move(en)}};
    }
    if (auto cents = platform::i18n::parse_money(language, v["price"])) changes["price"] = {{"amount", *cents}, {"currency", "EUR"}};
    else out.errors["price"] = error_text(language, "price");
    // The categories change only when the form showed them (a post without them keeps them).
    if (field(form, "categories_shown") == "oui") {
        out.categories_sent = true;
        boost::json::array slugs;
        for (const auto& [key, value] : form) {
            if (!key.starts_with(kCategoryPrefix) || value != "oui") continue;
            auto slug = key.substr(kCategoryPrefix.size());
            if (!is_category_slug(slug)) {
                out.errors["categories"] = error_text(language, "categories");
                continue;
            }
            out.categories.insert(slug);
            slugs.emplace_back(slug);
        }
        changes["categories"] = std::move(slugs);
    }
    const auto& stock = v["stock"];
    if (!stock.empty() && stock.size() <= 7 && stock.find_first_not_of("0123456789") == std::string::npos)
        changes["stock"] = std::stoll(stock);
    else
        out.errors["stock"] = error_text(language, "stock");
    return out;
}

void add_catalog_errors(Language language, const platform::http::ClientResponse& res, FieldMessages& errors) {
    for (const auto& e : ShopApi::problem_of(res).fields) {
        if (auto t = kTranslationFields.find(e.field); t != kTranslationFields.end()) {
            errors[t->second] = error_text(language, t->second);
            continue;
        }
        auto name = e.field.substr(0, e.field.find('.'));
        if (kFields.count(name) > 0) errors[name] = error_text(language, name);
    }
    if (errors.empty()) errors["name"] = message(language, "admin.product.error.refused");
}

std::optional<ProductForm> stored_product(Frontend& f, Language language, const std::string& id) {
    auto res = f.api.get("catalog", Target{"apis", "products", id}, "");
    if (res.status == 404) return std::nullopt;
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "catalog"}, {"status", std::to_string(res.status)}}));
    auto product = res.json();  // kept alive: `p` points into it
    const auto& p = product.as_object();
    ProductForm out;
    out.id = id;
    out.name = text_of(p, "name");
    const auto* stock = p.if_contains("stock");
    // The English texts, empty when there are none.
    std::string name_en, description_en;
    if (const auto* t = p.if_contains("translations"); t && t->is_object())
        if (const auto* en = t->as_object().if_contains("en"); en && en->is_object()) {
            name_en = text_of(en->as_object(), "name");
            description_en = text_of(en->as_object(), "description");
        }
    out.price_cents = p.at("price").as_object().at("amount").as_int64();
    out.values = {{"name", out.name},
                  {"description", text_of(p, "description")},
                  {"name_en", name_en},
                  {"description_en", description_en},
                  {"price", price_field(language, out.price_cents)},
                  {"stock", stock && stock->is_int64() ? std::to_string(stock->as_int64()) : std::string()}};
    out.categories_sent = true;
    if (const auto* cats = p.if_contains("categories"); cats && cats->is_array())
        for (const auto& c : cats->as_array())
            if (c.is_object()) out.categories.insert(text_of(c.as_object(), "slug"));
    const auto* images = p.if_contains("images");
    if (images && images->is_array() && !images->as_array().empty() && images->as_array()[0].is_string())
        out.photo = std::string(images->as_array()[0].as_string());
    return out;
}

Response product_form_page(Frontend& f, Session& s, const ProductForm& form, unsigned status) {
    mustache::data d;
    bool creating = form.id.empty();
    d.set("creating", flag(creating));
    d.set("id", form.id);
    d.set("action", creating ? std::string("/admin/produits/nouveau") : "/admin/produits/" + form.id);
    for (const char* name : {"name", "description", "name_en", "description_en", "price", "stock"}) {
        auto v = form.values.find(name);
        d.set(name, v == form.values.end() ? std::string() : v->second);
        auto e = form.errors.find(name);
        d.set(std::string(name) + "_error", e == form.errors.end() ? std::string() : e->second);
        d.set(std::string(name) + "_invalid", flag(e != form.errors.end()));
    }
    d.set("has_errors", flag(!form.errors.empty()));
    // Every category of the shop, ticked when the product is in it (none shown when the catalogue
    // cannot list them: the form then leaves the product's categories as they are).
    mustache::list categories;
    auto listed = f.api.get("catalog", Target{"apis", "products", "categories"}, "");
    if (listed.status == 200) {
        auto list = listed.json();  // kept alive: the loop walks inside it
        const auto* items = list.is_object() ? list.as_object().if_contains("items") : nullptr;
        if (items && items->is_array())
            for (const auto& c : items->as_array()) {
                if (!c.is_object()) continue;
                auto slug = text_of(c.as_object(), "slug");
                if (!is_category_slug(slug)) continue;
                mustache::data box;
                box.set("slug", slug);
                box.set("label", text_of(c.as_object(), "name"));
                box.set("checked", flag(form.categories.count(slug) > 0));
                categories.push_back(box);
            }
    }
    d.set("categories", categories);
    d.set("has_categories", flag(!categories.empty()));
    auto cat_error = form.errors.find("categories");
    d.set("categories_error", cat_error == form.errors.end() ? std::string() : cat_error->second);
    d.set("stored_name", form.name);
    d.set("photo", form.photo);
    d.set("has_photo", flag(!form.photo.empty()));
    d.set("photo_error", form.photo_error);
    d.set("photo_invalid", flag(!form.photo_error.empty()));
    d.set("preview_js", f.views.asset_url("photo-preview.js"));
    if (!creating) set_product_history(f, s, form.id, d);
    auto language = page_language(s);
    auto title = creating ? message(language, "admin.product.title_new") : message(language, "admin.product.title", {{"id", form.id}});
    return admin_page(f, s, "products", "admin_product", d, title, status);
}

}  // namespace rapidtrade::frontend
