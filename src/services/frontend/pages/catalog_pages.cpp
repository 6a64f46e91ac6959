// Home, product list (category filter, search, paging) and product pages.
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "platform/errors.hpp"
#include "platform/i18n/plural.hpp"
#include "platform/ids.hpp"
#include "services/frontend/frontend.hpp"

namespace rapidtrade::frontend {
namespace {

using platform::http::Target;

std::string url_encode(const std::string& s) { return boost::urls::encode(s, boost::urls::unreserved_chars); }

// At most `bytes` bytes of valid UTF-8 `s`, never cutting a character in two.
std::string utf8_prefix(const std::string& s, std::size_t bytes) {
    if (s.size() <= bytes) return s;
    while (bytes > 0 && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) --bytes;
    return s.substr(0, bytes);
}

// A product as the cards and its page show it, in `language` (its English name and description when
// the catalogue has them, else the French).
mustache::data product_card(platform::i18n::Language language, const boost::json::object& p) {
    mustache::data d;
    d.set("id", std::string(p.at("id").as_string()));
    d.set("name", localized(language, p, "name"));
    d.set("description", localized(language, p, "description"));
    d.set("price", price(language, p.at("price")));
    const auto& images = p.at("images").as_array();
    d.set("image", images.empty() ? std::string() : std::string(images[0].as_string()));
    std::string categories;
    for (const auto& c : p.at("categories").as_array())
        categories += (categories.empty() ? "" : ", ") + std::string(c.at("name").as_string());
    d.set("categories", categories);
    auto stock = p.at("stock").as_int64();
    d.set("in_stock", flag(stock > 0));
    d.set("low_stock", flag(stock > 0 && stock <= 5));
    d.set("stock", std::to_string(stock));
    return d;
}

mustache::list product_cards(platform::i18n::Language language, const boost::json::array& items) {
    mustache::list out;
    for (const auto& p : items) out.push_back(product_card(language, p.as_object()));
    return out;
}

}  // namespace

Views::Spec products_spec(Frontend& f, const Request& r, const Session& s);
Views::Spec product_spec(Frontend& f, const std::string& id, const Session& s);

namespace {

const std::string kHomeKey = "home";
std::string products_key(const Request& r) { return std::string(r.raw.target()); }

// The visitor's page if it is in memory and the visitor is not logged in; never blocks.
std::optional<Response> from_memory(Frontend& f, const Request& r, const std::string& key) {
    try {
        Session s = f.sessions.load(r);
        if (s.logged_in()) return std::nullopt;  // its session must be checked with auth first
        return f.views.fresh_page(s, key);
    } catch (const std::exception&) {
        return std::nullopt;  // the normal path answers, with its error pages
    }
}

}  // namespace

std::optional<Response> home_from_memory(Frontend& f, const Request& r) { return from_memory(f, r, kHomeKey); }
std::optional<Response> products_from_memory(Frontend& f, const Request& r) {
    return from_memory(f, r, products_key(r));
}

Response home_page(Frontend& f, const Request&, Session& s) {
    return f.views.cached_page(s, kHomeKey, [&] {
        auto res = f.api.get("catalog", Target{"apis", "products"}.slash().query("per_page", 8));
        if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.refused", {{"service", "catalog"}}));
        mustache::data d;
        d.set("products", product_cards(s.language, res.json().at("items").as_array()));
        return Views::Spec{"home", d, msg(s, "shop.home.title")};
    });
}

// GET /produits?categorie=canapes&q=canape&tri=price_asc&page=2
Response products_page(Frontend& f, const Request& r, Session& s) {
    return f.views.cached_page(s, products_key(r), [&] { return products_spec(f, r, s); });
}

Views::Spec products_spec(Frontend& f, const Request& r, const Session& s) {
    std::string category(r.query_param("categorie").value_or(""));
    std::string q(r.query_param("q").value_or(""));
    std::string sort(r.query_param("tri").value_or(""));
    int page = 1;
    if (auto p = r.query_param("page")) {
        try {
            page = std::max(1, std::min(1000, std::stoi(std::string(*p))));
        } catch (...) {
            page = 1;
        }
    }
    if (sort != "price_asc" && sort != "price_desc" && sort != "name") sort.clear();
    // A category is a slug (canapes): anything else names no category, a 404 page.
    if (category.size() > 64 || category.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
        throw platform::NotFound(platform::Msg("api.category.not_found", {{"slug", category}}));
    Target query{"apis", "products"};
    query.slash().query("per_page", 12).query("page", page);
    if (!category.empty()) query.query("category", category);
    if (!q.empty()) query.query("q", utf8_prefix(q, 200));
    if (!sort.empty()) query.query("sort", sort);
    auto res = f.api.get("catalog", query);
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.refused", {{"service", "catalog"}}));
    auto body = res.json().as_object();
    auto cats = f.api.get("catalog", Target{"apis", "products", "categories"});
    mustache::list categories;
    std::string category_name;
    if (cats.status == 200)
        for (auto list = cats.json(); const auto& c : list.at("items").as_array()) {
            mustache::data cd;
            std::string slug(c.at("slug").as_string()), name(c.at("name").as_string());
            cd.set("slug", slug);
            cd.set("name", name);
            cd.set("active", flag(slug == category));
            if (slug == category) category_name = name;
            categories.push_back(cd);
        }
    auto total = body.at("total").as_int64();
    int pages = static_cast<int>((total + 11) / 12);
    std::string keep = (category.empty() ? "" : "&categorie=" + url_encode(category)) + (q.empty() ? "" : "&q=" + url_encode(q)) +
                       (sort.empty() ? "" : "&tri=" + sort);
    mustache::data d;
    d.set("products", product_cards(s.language, body.at("items").as_array()));
    d.set("categories", categories);
    d.set("all_active", flag(category.empty()));
    d.set("q", q);
    d.set("heading", category_name.empty() ? msg(s, "shop.products.title") : category_name);
    auto count = std::to_string(total);
    // "0 produit" in French, "0 products" in English: each language's own rule.
    d.set("count", msg(s, platform::i18n::counted_key(s.language, "shop.products.count", total), {{"count", count}}));
    d.set("empty", flag(total == 0));
    d.set("category", category);
    for (const char* opt : {"price_asc", "price_desc", "name"}) d.set(std::string("sort_") + opt, flag(sort == opt));
    d.set("has_prev", flag(page > 1));
    d.set("has_next", flag(page < pages));
    d.set("prev", "/produits?page=" + std::to_string(page - 1) + keep);
    d.set("next", "/produits?page=" + std::to_string(page + 1) + keep);
    auto page_text = std::to_string(page), pages_text = std::to_string(pages);
    d.set("page_label",
          pages > 1 ? msg(s, "shop.products.page", {{"page", page_text}, {"pages", pages_text}}) : std::string());
    auto title = d.get("heading")->string_value() + " | E-Design";
    return Views::Spec{"products", d, title};
}

Response product_page(Frontend& f, const Request& r, Session& s) {
    const auto& id = r.param("id");
    if (!platform::is_product_id(id)) return not_found_page(f, s);
    return f.views.cached_page(s, "product|" + id, [&] { return product_spec(f, id, s); });
}

Views::Spec product_spec(Frontend& f, const std::string& id, const Session& s) {
    auto res = f.api.get("catalog", Target{"apis", "products", id});
    if (res.status == 404) throw platform::NotFound(platform::Msg("api.product.not_found", {{"id", id}}));
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.refused", {{"service", "catalog"}}));
    auto d = product_card(s.language, res.json().as_object());
    mustache::list quantities;
    auto stock = res.json().at("stock").as_int64();
    for (int q = 1; q <= std::min<std::int64_t>(stock, 10); ++q) {
        mustache::data qd;
        qd.set("value", std::to_string(q));
        quantities.push_back(qd);
    }
    d.set("quantities", quantities);
    auto title = d.get("name")->string_value() + " | E-Design";
    return Views::Spec{"product", d, title};
}

}  // namespace rapidtrade::frontend
