#include "platform/clock.hpp"
#include "services/catalog/store.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include "platform/encoding.hpp"
#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/text.hpp"
#include "services/catalog/sql.hpp"

namespace rapidtrade::catalog {

using platform::db::Connection;
using platform::db::ConstraintViolation;
using platform::db::Row;
using platform::db::Value;

namespace {


std::vector<std::string> images_from_column(const std::string& text) {
    std::vector<std::string> out;
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& i : v.as_array())
        if (i.is_string()) out.emplace_back(i.as_string());
    return out;
}

std::string images_to_column(const std::vector<std::string>& images) {
    boost::json::array a;
    for (const auto& i : images) a.push_back(boost::json::string(i));
    return boost::json::serialize(a);
}

Product product_from_row(const Row& r) {
    Product p;
    p.id = r.str(0);
    p.name = r.str(1);
    p.description = r.str(2);
    p.price_cents = r.i64(3);
    p.currency = r.str(4);
    p.stock = r.i64(5);
    p.images = images_from_column(r.str(6));
    return p;
}

// The searchable text of a product: its name and description, in French and in every other
// language (a shopper may search "sofa" as well as "canapé"), normalised once at write time.
std::string search_text_of(const Product& p) {
    // Appended piece by piece: "a" + s warns falsely on GCC 12 (-Wrestrict, its bug 105651).
    std::string text = p.name;
    auto add = [&text](const std::string& piece) {
        text += ' ';
        text += piece;
    };
    add(p.description);
    for (const auto& [language, t] : p.translations) {
        add(t.name.value_or(""));
        add(t.description.value_or(""));
    }
    return platform::normalize_for_search(text);
}

// `changes` applied to `translations`: each text given replaces (or, nullopt, removes) the one there.
void apply(std::map<std::string, ProductTexts, std::less<>>& translations,
           const std::map<std::string, ProductChanges::TextsChange, std::less<>>& changes) {
    for (const auto& [language, change] : changes) {
        auto& texts = translations[language];
        if (change.name) texts.name = *change.name;
        if (change.description) texts.description = *change.description;
        if (!texts.name && !texts.description) translations.erase(language);
    }
}

// Writes the product's translations for the languages `changes` names (the others are as they were).
void store_translations(Connection& c, const Product& p,
                        const std::map<std::string, ProductChanges::TextsChange, std::less<>>& changes) {
    for (const auto& [language, change] : changes) {
        auto it = p.translations.find(language);
        if (it == p.translations.end()) c.query(sql::kDeleteTranslation, p.id, language);
        else c.query(sql::kUpsertTranslation, p.id, language, it->second.name, it->second.description);
    }
}

}  // namespace

ProductPage CatalogStore::list(const ProductQuery& q) {
    std::vector<Value> params;
    std::string where;
    auto add_condition = [&](const std::string& condition) { where += (where.empty() ? " WHERE " : " AND ") + condition; };
    if (q.category) {
        params.emplace_back(*q.category);
        add_condition(fmt::format(sql::kInCategory, params.size()));
    }
    if (q.text) {
        // Every word must appear somewhere in the name or description.
        auto normalized = platform::normalize_for_search(*q.text);
        std::size_t pos = 0;
        int words = 0;
        while (pos < normalized.size() && words < 8) {
            auto end = normalized.find(' ', pos);
            if (end == std::string::npos) end = normalized.size();
            if (end > pos) {
                // fmt rather than "%" + s + "%": GCC 12 warns falsely (-Wrestrict, its bug 105651) on the latter.
                params.emplace_back(fmt::format("%{}%", platform::escape_like(normalized.substr(pos, end - pos))));
                add_condition(fmt::format(sql::kMatchesWord, params.size()));
                ++words;
            }
            pos = end + 1;
        }
    }
    std::string_view order = q.sort == Sort::price_asc    ? sql::kOrderPriceAsc
                             : q.sort == Sort::price_desc ? sql::kOrderPriceDesc
                             : q.sort == Sort::name       ? sql::kOrderName
                                                          : sql::kOrderFeatured;
    auto conn = db_.acquire();
    auto count = conn->execute(std::string(sql::kCountProducts) + where, params);
    ProductPage page;
    page.total = count[0].i64(0);
    if (page.total == 0 || q.offset >= page.total) return page;
    auto count_params = params.size();
    params.emplace_back(static_cast<std::int64_t>(q.limit));
    params.emplace_back(q.offset);
    auto rows =
        conn->execute(fmt::format(sql::kListProducts, where, order, count_params + 1, count_params + 2), params);
    std::vector<Product> products;
    products.reserve(rows.size());
    for (const auto& r : rows.rows) products.push_back(product_from_row(r));
    page.items = with_details(*conn, std::move(products));
    return page;
}

namespace {

// Runs `query` (its "IN ({0})" filled with one bound placeholder per product) and hands each row to
// `add` with the product of its first column, the id: one statement for a whole page of products.
template <typename Add>
void for_rows_of_products(Connection& c, std::string_view query, std::vector<Product>& products, Add add) {
    if (products.empty()) return;
    std::vector<Value> ids;
    for (const auto& p : products) ids.emplace_back(p.id);
    auto rows = c.execute(fmt::format(fmt::runtime(query), platform::db::placeholder_list(1, ids.size())), ids);
    std::map<std::string, Product*> by_id;
    for (auto& p : products) by_id[p.id] = &p;
    for (const auto& r : rows.rows)
        if (auto it = by_id.find(r.str(0)); it != by_id.end()) add(*it->second, r);
}

}  // namespace

std::vector<Product> CatalogStore::with_details(Connection& c, std::vector<Product> products) {
    for_rows_of_products(c, sql::kDetailsOfProducts, products, [](Product& p, const auto& r) {
        if (r.str(1) == "c") p.categories.push_back({r.str(2), r.str(3)});
        else p.translations[r.str(2)] = ProductTexts{r.opt_str(3), r.opt_str(4)};
    });
    return products;
}

std::optional<Product> CatalogStore::find(const std::string& id) {
    auto conn = db_.acquire();
    return find_in(*conn, id);
}

std::vector<Category> CatalogStore::categories() {
    auto rows = db_.query(sql::kCategories);
    std::vector<Category> out;
    for (const auto& r : rows.rows) out.push_back({r.str(0), r.str(1)});
    return out;
}

bool CatalogStore::category_exists(const std::string& slug) { return !db_.query(sql::kCategoryExists, slug).empty(); }

void CatalogStore::set_categories(Connection& c, const std::string& id, const std::vector<std::string>& slugs) {
    c.query(sql::kDeleteProductCategories, id);
    for (const auto& slug : slugs) {
        if (c.query(sql::kCategoryExists, slug).empty())
            throw platform::Unprocessable("categories", platform::Msg("api.category.unknown", {{"slug", slug}}));
        try {
            c.query(sql::kInsertProductCategory, id, slug);
        } catch (const ConstraintViolation& e) {
            if (e.kind() != ConstraintViolation::Kind::unique) throw;  // the same slug twice: keep one
        }
    }
}

Product CatalogStore::create(const ProductChanges& in, const platform::Actor& by) {
    std::string id = in.id.value_or(platform::random_id());
    db_.transaction([&](Connection& c) {
        if (!c.query(sql::kFindProduct, id).empty())
            throw platform::Conflict(platform::Msg("api.product.exists", {{"id", id}}));
        Product p;
        p.id = id;
        p.name = in.name.value_or("");
        p.description = in.description.value_or("");
        if (in.translations) apply(p.translations, *in.translations);
        try {
            c.query(sql::kInsertProduct, id, p.name, p.description, in.price_cents.value_or(0), in.stock.value_or(0),
                    images_to_column(in.images.value_or(std::vector<std::string>{})), search_text_of(p),
                    platform::normalize_for_search(p.name), platform::now_iso());
        } catch (const ConstraintViolation& e) {
            if (e.kind() == ConstraintViolation::Kind::unique)
                throw platform::Conflict(platform::Msg("api.product.exists", {{"id", id}}));
            throw;
        }
        if (in.translations) store_translations(c, p, *in.translations);
        if (in.categories) set_categories(c, id, *in.categories);
        history::record(c, "product", id, "created", by, history::created(*find_in(c, id)));
    });
    return *find(id);
}

std::optional<Product> CatalogStore::update(const std::string& id, const ProductChanges& ch, const platform::Actor& by) {
    bool found = db_.transaction([&](Connection& c) {
        // The row taken first: the old values recorded are the ones this write replaces.
        if (c.query(sql::kLockProduct, id).affected == 0) return false;
        auto before = find_in(c, id);
        if (!before) return false;
        Product p = *before;
        if (ch.name) p.name = *ch.name;
        if (ch.description) p.description = *ch.description;
        if (ch.price_cents) p.price_cents = *ch.price_cents;
        if (ch.stock) p.stock = *ch.stock;
        if (ch.images) p.images = *ch.images;
        if (ch.translations) apply(p.translations, *ch.translations);
        c.query(sql::kUpdateProduct, id, p.name, p.description, p.price_cents, p.stock, images_to_column(p.images),
                search_text_of(p), platform::normalize_for_search(p.name), platform::now_iso());
        if (ch.translations) store_translations(c, p, *ch.translations);
        if (ch.categories) set_categories(c, id, *ch.categories);
        history::record(c, "product", id, "updated", by, history::updated(*before, *find_in(c, id)));
        return true;
    });
    if (!found) return std::nullopt;
    return find(id);
}

bool CatalogStore::remove(const std::string& id, const platform::Actor& by) {
    return db_.transaction([&](Connection& c) {
        if (c.query(sql::kLockProduct, id).affected == 0) return false;
        auto product = find_in(c, id);
        if (!product || c.query(sql::kDeleteProduct, id).affected == 0) return false;
        history::record(c, "product", id, "deleted", by, history::deleted(*product));
        return true;
    });
}

std::optional<Product> CatalogStore::find_in(Connection& c, const std::string& id) {
    auto rows = c.query(sql::kFindProduct, id);
    if (rows.empty()) return std::nullopt;
    std::vector<Product> one{product_from_row(rows[0])};
    return with_details(c, std::move(one)).front();
}

CatalogEventPage CatalogStore::history_of(const char* subject_kind, const std::string& subject_id, int limit,
                                       std::int64_t offset) {
    auto conn = db_.acquire();
    CatalogEventPage page;
    page.total = conn->query(sql::kCountEvents, subject_kind, subject_id)[0].i64(0);
    if (page.total == 0 || offset >= page.total) return page;
    for (const auto& r : conn->query(sql::kEvents, subject_kind, subject_id, static_cast<std::int64_t>(limit), offset).rows)
        page.items.push_back({r.str(0), r.str(1), r.str(2), r.opt_str(3), r.opt_str(4), r.str(5)});
    return page;
}

CatalogEventPage CatalogStore::history_of_all(const char* subject_kind, int limit, std::int64_t offset) {
    auto conn = db_.acquire();
    CatalogEventPage page;
    page.total = conn->query(sql::kCountKindEvents, subject_kind)[0].i64(0);
    if (page.total == 0 || offset >= page.total) return page;
    for (const auto& r : conn->query(sql::kKindEvents, subject_kind, static_cast<std::int64_t>(limit), offset).rows)
        page.items.push_back({r.str(0), r.str(1), r.str(2), r.opt_str(3), r.opt_str(4), r.str(5)});
    return page;
}

Category CatalogStore::create_category(const Category& cat, const platform::Actor& by) {
    db_.transaction([&](Connection& c) {
        if (!c.query(sql::kFindCategory, cat.slug).empty())
            throw platform::Conflict(platform::Msg("api.category.exists", {{"slug", cat.slug}}));
        try {
            c.query(sql::kInsertCategory, cat.slug, cat.name);
        } catch (const ConstraintViolation& e) {
            if (e.kind() == ConstraintViolation::Kind::unique)
                throw platform::Conflict(platform::Msg("api.category.exists", {{"slug", cat.slug}}));
            throw;
        }
        history::record(c, "category", cat.slug, "category_created", by, {{"slug", cat.slug}, {"name", cat.name}});
    });
    return cat;
}

std::optional<Category> CatalogStore::rename_category(const std::string& slug, const std::string& name,
                                                      const platform::Actor& by) {
    bool found = db_.transaction([&](Connection& c) {
        if (c.query(sql::kLockCategory, slug).affected == 0) return false;
        auto old_name = c.query(sql::kFindCategory, slug)[0].str(1);
        c.query(sql::kRenameCategory, slug, name);
        history::record(c, "category", slug, "category_renamed", by,
                        {{"slug", slug}, {"name", {{"from", old_name}, {"to", name}}}});
        return true;
    });
    if (!found) return std::nullopt;
    return Category{slug, name};
}

bool CatalogStore::remove_category(const std::string& slug, const platform::Actor& by) {
    return db_.transaction([&](Connection& c) {
        auto found = c.query(sql::kFindCategory, slug);
        if (found.empty()) return false;
        auto name = found[0].str(1);
        auto in_use = c.query(sql::kProductsInCategory, slug)[0].i64(0);
        if (in_use > 0)
            throw platform::Conflict(
                platform::Msg("api.category.in_use_count", {{"count", std::to_string(in_use)}, {"slug", slug}}));
        try {
            if (c.query(sql::kDeleteCategory, slug).affected == 0) return false;
        } catch (const ConstraintViolation& e) {  // a product put into it meanwhile
            if (e.kind() == ConstraintViolation::Kind::foreign_key)
                throw platform::Conflict(platform::Msg("api.category.in_use", {{"slug", slug}}));
            throw;
        }
        history::record(c, "category", slug, "category_deleted", by, {{"slug", slug}, {"name", name}});
        return true;
    });
}

std::optional<Product> CatalogStore::set_photo(const std::string& id, const ProductPhoto& photo,
                                              const platform::Actor& by) {
    bool found = db_.transaction([&](Connection& c) {
        if (c.query(sql::kProductImages, id).empty()) return false;
        auto now = platform::now_iso();
        // The photo's row first: two uploads for the same product then wait for each other here,
        // and the second reads the images list the first wrote.
        c.query(sql::kUpsertPhoto, id, photo.content_type, photo.width, photo.height, photo.byte_count, photo.sha256,
                platform::base64_encode(photo.bytes), now);
        auto images = images_from_column(c.query(sql::kProductImages, id)[0].str(0));
        std::vector<std::string> updated{photo_url(id, photo.sha256)};
        for (auto& url : images)
            if (!is_photo_url(url, id)) updated.push_back(std::move(url));
        if (updated.size() > 10) updated.resize(10);  // the most a product's images hold (input.cpp)
        c.query(sql::kSetProductImages, id, images_to_column(updated), now);
        history::record(c, "product", id, "photo_uploaded", by, history::photo_uploaded(photo));
        return true;
    });
    if (!found) return std::nullopt;
    return find(id);
}

namespace {

ProductPhoto photo_from_row(const Row& r) {
    return ProductPhoto{r.str(0), r.i64(1), r.i64(2), r.i64(3), r.str(4), {}};
}

}  // namespace

std::optional<ProductPhoto> CatalogStore::photo_description(const std::string& id) {
    auto rows = db_.query(sql::kPhotoDescription, id);
    if (rows.empty()) return std::nullopt;
    return photo_from_row(rows[0]);
}

std::optional<ProductPhoto> CatalogStore::photo(const std::string& id) {
    auto rows = db_.query(sql::kPhoto, id);
    if (rows.empty()) return std::nullopt;
    auto photo = photo_from_row(rows[0]);
    auto bytes = platform::base64_decode(rows[0].str(5));
    // Only this store writes the column: anything else is a damaged row, not a client's error.
    if (!bytes || static_cast<std::int64_t>(bytes->size()) != photo.byte_count)
        throw platform::db::DatabaseError("the stored photo of product " + id + " is damaged");
    photo.bytes = std::move(*bytes);
    return photo;
}

namespace {
// A retry finding its reservation made: what the retry did is rolled back, the reservation stands.
struct AlreadyReserved {};
}  // namespace

void CatalogStore::reserve(const std::string& reservation_id, std::vector<ReservationLine> lines) {
    // The same order of rows in every transaction: two reservations never wait on each other in a
    // cycle. A product listed twice counts once, with the quantities added.
    std::sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) { return a.product_id < b.product_id; });
    std::vector<ReservationLine> merged;
    for (auto& l : lines) {
        if (!merged.empty() && merged.back().product_id == l.product_id) merged.back().quantity += l.quantity;
        else merged.push_back(std::move(l));
    }
    lines = std::move(merged);
    try {
        db_.transaction([&](Connection& c) {
            auto now = platform::now_iso();
            for (std::size_t i = 0; i < lines.size(); ++i) {
                const auto& l = lines[i];
                // The line's row first: a retry finds it there (idempotent) without a read ahead of
                // every reservation, and two racing retries queue on the key, the second finding it.
                if (c.query(sql::kInsertReservation, reservation_id, l.product_id, l.quantity, now).affected == 0)
                    throw AlreadyReserved{};
                if (c.query(sql::kTakeStock, l.product_id, l.quantity, now).affected == 1) continue;
                auto p = c.query(sql::kProductNameStock, l.product_id);
                if (p.empty()) throw platform::NotFound(platform::Msg("api.product.not_found", {{"id", l.product_id}}));
                throw platform::Unprocessable(
                    "lines[" + std::to_string(i) + "].quantity",
                    platform::Msg("api.stock.left",
                                  {{"stock", std::to_string(p[0].i64(1))}, {"name", p[0].str(0)}, {"id", l.product_id}}));
            }
        });
    } catch (const AlreadyReserved&) {
        // already done: idempotent
    }
}

bool CatalogStore::release(const std::string& reservation_id) {
    return db_.transaction([&](Connection& c) {
        auto rows = c.query(sql::kReservationLines, reservation_id);
        bool released = false;
        auto now = platform::now_iso();
        for (const auto& r : rows.rows) {
            if (r.str(2) != "reserved") continue;
            c.query(sql::kGiveStock, r.str(0), r.i64(1), now);
            released = true;
        }
        c.query(sql::kReleaseReservation, reservation_id);
        return released;
    });
}

std::optional<Promotion> CatalogStore::promotion(const std::string& code) {
    std::string key = code;
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) { return std::tolower(ch); });
    auto rows = db_.query(sql::kPromotion, key);
    if (rows.empty()) return std::nullopt;
    return Promotion{rows[0].str(0), rows[0].i64(1), rows[0].i64(2) != 0};
}

void CatalogStore::upsert_category(const Category& cat, int position) {
    db_.query(sql::kUpsertCategory, cat.slug, cat.name, position);
}

bool CatalogStore::empty() { return db_.query(sql::kAnyProduct).empty(); }

}  // namespace rapidtrade::catalog
