// The back-office's products (/admin/produits): the list with price and stock, and the form that
// changes a product's name, description, price and stock. The catalogue checks and records the
// change (PATCH /apis/products/{id} with the staff member's token); this page turns its field
// errors into French messages next to the fields.
#include <map>

#include "platform/ids.hpp"
#include "platform/money.hpp"
#include "services/frontend/frontend.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;
using platform::http::Verb;

namespace {

// The product form, filled with `values`; `errors` by field name.
Response product_form(Frontend& f, Session& s, const std::string& id, const std::map<std::string, std::string>& values,
                      const std::map<std::string, std::string>& errors, unsigned status) {
    mustache::data d;
    d.set("id", id);
    for (const char* name : {"name", "description", "price", "stock"}) {
        auto v = values.find(name);
        d.set(name, v == values.end() ? std::string() : v->second);
        auto e = errors.find(name);
        d.set(std::string(name) + "_error", e == errors.end() ? std::string() : e->second);
        d.set(std::string(name) + "_invalid", flag(e != errors.end()));
    }
    d.set("has_errors", flag(!errors.empty()));
    return f.views.page(s, "admin_product", d, "Produit " + id + " | Administration E-Design", status);
}

}  // namespace

// GET /admin/produits?q=
Response admin_products_page(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    std::string q = staff_search(r);
    Target target = Target{"apis", "products"}.slash().query("per_page", "100");
    if (!q.empty()) target.query("q", q);
    auto res = f.api.get("catalog", target, "");
    if (res.status != 200) throw platform::ServiceUnavailable("catalog answered " + std::to_string(res.status));
    auto list = res.json();  // kept alive: the loop walks inside it
    mustache::list rows;
    for (const auto& v : list.at("items").as_array()) {
        const auto& p = v.as_object();
        mustache::data row;
        row.set("id", text_of(p, "id"));
        row.set("name", text_of(p, "name"));
        row.set("price", price(p.at("price")));
        const auto* stock = p.if_contains("stock");
        row.set("stock", stock && stock->is_int64() ? std::to_string(stock->as_int64()) : std::string("?"));
        rows.push_back(row);
    }
    mustache::data d;
    d.set("q", q);
    d.set("products", rows);
    d.set("empty", flag(rows.empty()));
    return f.views.page(s, "admin_products", d, "Produits | Administration E-Design");
}

// GET /admin/produits/{id}
Response admin_product_page(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    const auto& id = r.param("id");
    if (!platform::is_product_id(id)) return not_found_page(f, s);
    auto res = f.api.get("catalog", Target{"apis", "products", id}, "");
    if (res.status == 404) return not_found_page(f, s);
    if (res.status != 200) throw platform::ServiceUnavailable("catalog answered " + std::to_string(res.status));
    auto product = res.json();  // kept alive: `p` points into it
    const auto& p = product.as_object();
    std::int64_t cents = p.at("price").as_object().at("amount").as_int64();
    const auto* stock = p.if_contains("stock");
    return product_form(f, s, id,
                        {{"name", text_of(p, "name")},
                         {"description", text_of(p, "description")},
                         {"price", platform::format_eur(cents)},
                         {"stock", stock && stock->is_int64() ? std::to_string(stock->as_int64()) : std::string()}},
                        {}, 200);
}

// POST /admin/produits/{id} {name, description, price, stock}
Response admin_product_submit(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    auto form = read_form(r);
    check_csrf(form, s);
    const auto& id = r.param("id");
    if (!platform::is_product_id(id)) return not_found_page(f, s);
    std::map<std::string, std::string> values{{"name", field(form, "name")},
                                              {"description", field(form, "description")},
                                              {"price", field(form, "price")},
                                              {"stock", field(form, "stock")}};
    std::map<std::string, std::string> errors;
    boost::json::object changes{{"name", values["name"]}, {"description", values["description"]}};
    if (auto cents = platform::parse_eur(values["price"])) changes["price"] = {{"amount", *cents}, {"currency", "EUR"}};
    else errors["price"] = "Saisissez un prix en euros, par exemple 1 099,00.";
    const auto& stock = values["stock"];
    if (!stock.empty() && stock.size() <= 7 && stock.find_first_not_of("0123456789") == std::string::npos)
        changes["stock"] = std::stoll(stock);
    else
        errors["stock"] = "Saisissez un nombre entier d'articles, de 0 à 1 000 000.";
    if (!errors.empty()) return product_form(f, s, id, values, errors, 400);
    auto res = f.api.send("catalog", Verb::patch, Target{"apis", "products", id}, changes, s.access_token);
    if (res.status == 404) return not_found_page(f, s);
    if (res.status == 400 || res.status == 422) {
        static const std::map<std::string, std::string> kMessages{
            {"name", "Saisissez un nom de 1 à 200 caractères."},
            {"description", "La description compte 5 000 caractères au plus."},
            {"price", "Saisissez un prix en euros, par exemple 1 099,00."},
            {"stock", "Saisissez un nombre entier d'articles, de 0 à 1 000 000."}};
        for (const auto& e : ShopApi::problem_of(res).fields) {
            auto name = e.field.substr(0, e.field.find('.'));
            if (auto m = kMessages.find(name); m != kMessages.end()) errors[name] = m->second;
        }
        if (errors.empty()) errors["name"] = "La modification a été refusée.";
        return product_form(f, s, id, values, errors, 400);
    }
    if (res.status != 200) throw platform::ServiceUnavailable("catalog answered " + std::to_string(res.status));
    s.flash = "Produit " + id + " enregistré.";
    s.changed = true;
    return f.views.redirect(s, Target{"admin", "produits", id});
}

}  // namespace rapidtrade::frontend
