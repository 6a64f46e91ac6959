// The cart: show it (with the shipping cost quoted for France, as the brief's page shows), add,
// change a quantity, remove a line, empty it.
#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/i18n/format.hpp"
#include "services/frontend/frontend.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;
using platform::http::Verb;

namespace {

// The cart service's refusals in the visitor's words.
std::string cart_error(const Session& s, const platform::http::ClientResponse& res) {
    auto p = ShopApi::problem_of(res);
    if (res.status == 404) return msg(s, "shop.cart.error.gone");
    if (res.status == 422) {
        if (p.reason == "out_of_stock") return msg(s, "shop.cart.error.out_of_stock");
        if (p.reason == "insufficient_stock") return msg(s, "shop.cart.error.not_enough");
        return msg(s, "shop.cart.error.too_many");
    }
    return msg(s, "shop.cart.error.quantity");
}

std::int64_t quantity_of(const Form& form, std::int64_t min) {
    try {
        std::size_t used = 0;
        auto text = field(form, "quantity");
        auto q = std::stoll(text, &used);
        if (used == text.size() && q >= min && q <= 99) return q;
    } catch (...) {
    }
    return -1;
}

// The product a cart form names: checked against the catalogue's id shape before it goes into a
// path or a redirect (400 with a French message otherwise).
std::optional<std::string> product_of(const Form& form) {
    auto id = field(form, "product_id");
    if (!platform::is_product_id(id)) return std::nullopt;
    return id;
}

constexpr const char* kUnknownProduct = "shop.cart.error.unknown_product";

}  // namespace

Response cart_page(Frontend& f, const Request&, Session& s) {
    mustache::data d;
    mustache::list lines;
    std::int64_t subtotal = 0;
    if (!s.cart_id.empty()) {
        refresh_if_needed(f, s);
        auto res = f.api.get("cart", Target{"apis", "carts", s.cart_id}, s.access_token);
        if (res.status == 200) {
            auto cart = res.json().as_object();
            subtotal = cart.at("subtotal").at("amount").as_int64();
            for (const auto& l : cart.at("lines").as_array()) {
                mustache::data ld;
                ld.set("product_id", std::string(l.at("product_id").as_string()));
                ld.set("name", localized(s.language, l.as_object(), "name"));
                ld.set("image", std::string(l.at("image").as_string()));
                ld.set("unit_price", price(s.language, l.at("unit_price")));
                ld.set("quantity", std::to_string(l.at("quantity").as_int64()));
                ld.set("line_total", price(s.language, l.at("line_total")));
                lines.push_back(ld);
            }
            if (s.cart_count != cart.at("item_count").as_int64()) {
                s.cart_count = cart.at("item_count").as_int64();
                s.changed = true;
            }
        } else if (res.status == 404) {
            s.cart_id.clear();
            s.cart_count = 0;
            s.changed = true;
        }
    }
    std::int64_t shipping = 0;
    if (!lines.empty()) {
        auto quote = f.api.send("shipping", Verb::post, Target{"apis", "shipping", "quote"},
                                {{"address", {{"full_name", "-"}, {"street", "-"}, {"city", "-"}, {"postal_code", "75000"}, {"country", "FR"}}}});
        if (quote.status == 200) shipping = quote.json().at("cost").at("amount").as_int64();
    }
    d.set("lines", lines);
    d.set("empty", flag(lines.empty()));
    d.set("subtotal", platform::i18n::format_money(s.language, subtotal));
    d.set("shipping", platform::i18n::format_money(s.language, shipping));
    d.set("total", platform::i18n::format_money(s.language, subtotal + shipping));
    return f.views.page(s, "cart", d, msg(s, "shop.cart.title") + " | E-Design");
}

// POST /panier/ajouter {product_id, quantity, csrf}
Response cart_add(Frontend& f, const Request& r, Session& s) {
    auto form = read_form(r);
    check_csrf(form, s);
    auto checked = product_of(form);
    if (!checked) return bad_request_page(f, s, msg(s, kUnknownProduct));
    const auto& product_id = *checked;
    auto quantity = form.contains("quantity") ? quantity_of(form, 1) : 1;
    if (quantity < 1) {
        s.flash = msg(s, "shop.cart.error.quantity");
        s.changed = true;
        return f.views.redirect(s, Target{"produits", product_id});
    }
    auto cart = ensure_cart(f, s);
    auto res = f.api.send("cart", Verb::post, Target{"apis", "carts", cart, "lines"},
                          {{"product_id", product_id}, {"quantity", quantity}}, s.access_token);
    if (res.status != 200) {
        s.flash = cart_error(s, res);
        s.changed = true;
        return f.views.redirect(s, res.status == 404 ? Target{"produits"} : Target{"produits", product_id});
    }
    s.cart_count = res.json().at("item_count").as_int64();
    s.flash = msg(s, "shop.flash.added");
    s.changed = true;
    return f.views.redirect(s, Target{"panier"});
}

// POST /panier/modifier {product_id, quantity, csrf}: 0 removes the line.
Response cart_update(Frontend& f, const Request& r, Session& s) {
    auto form = read_form(r);
    check_csrf(form, s);
    auto quantity = quantity_of(form, 0);
    auto product_id = product_of(form);
    if (!product_id) return bad_request_page(f, s, msg(s, kUnknownProduct));
    if (s.cart_id.empty()) return f.views.redirect(s, Target{"panier"});
    if (quantity < 0) {
        s.flash = msg(s, "shop.cart.error.quantity_or_zero");
    } else {
        refresh_if_needed(f, s);
        auto res = f.api.send("cart", Verb::patch, Target{"apis", "carts", s.cart_id, "lines", *product_id},
                              {{"quantity", quantity}}, s.access_token);
        if (res.status == 200) s.cart_count = res.json().at("item_count").as_int64();
        else s.flash = cart_error(s, res);
    }
    s.changed = true;
    return f.views.redirect(s, Target{"panier"});
}

// POST /panier/supprimer {product_id, csrf}
Response cart_remove(Frontend& f, const Request& r, Session& s) {
    auto form = read_form(r);
    check_csrf(form, s);
    auto product_id = product_of(form);
    if (!product_id) return bad_request_page(f, s, msg(s, kUnknownProduct));
    if (!s.cart_id.empty()) {
        refresh_if_needed(f, s);
        auto res = f.api.remove("cart", Target{"apis", "carts", s.cart_id, "lines", *product_id}, s.access_token);
        if (res.status == 200) s.cart_count = res.json().at("item_count").as_int64();
        s.flash = msg(s, "shop.flash.removed");
        s.changed = true;
    }
    return f.views.redirect(s, Target{"panier"});
}

// POST /panier/vider {csrf}: "Supprimer votre panier".
Response cart_empty(Frontend& f, const Request& r, Session& s) {
    auto form = read_form(r);
    check_csrf(form, s);
    if (!s.cart_id.empty()) {
        refresh_if_needed(f, s);
        f.api.remove("cart", Target{"apis", "carts", s.cart_id}, s.access_token);
        s.cart_count = 0;
        s.flash = msg(s, "shop.flash.emptied");
        s.changed = true;
    }
    return f.views.redirect(s, Target{"panier"});
}

}  // namespace rapidtrade::frontend
