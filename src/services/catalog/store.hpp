#pragma once
// The catalogue's queries. Blocking: called from the service's worker threads.
#include <optional>
#include <string>
#include <vector>

#include "platform/history.hpp"
#include "platform/db/database.hpp"
#include "services/catalog/history.hpp"
#include "services/catalog/model.hpp"

namespace rapidtrade::catalog {

struct ProductPage {
    std::vector<Product> items;
    std::int64_t total = 0;
};

class CatalogStore {
public:
    explicit CatalogStore(platform::db::Database& db) : db_(db) {}

    ProductPage list(const ProductQuery& query);
    std::optional<Product> find(const std::string& id);
    std::vector<Category> categories();
    bool category_exists(const std::string& slug);

    // Every write below records its entry of the history (`by` did it) in its own transaction; a
    // write that fails or finds nothing records nothing.
    // Throws Conflict when the id is taken, Unprocessable for an unknown category.
    Product create(const ProductChanges& input, const platform::Actor& by);
    // nullopt when the product does not exist.
    std::optional<Product> update(const std::string& id, const ProductChanges& changes, const platform::Actor& by);
    bool remove(const std::string& id, const platform::Actor& by);

    // Categories. create throws Conflict when the slug is taken; remove throws Conflict while
    // products are in the category; rename and remove answer nullopt/false for an unknown slug.
    Category create_category(const Category& c, const platform::Actor& by);
    std::optional<Category> rename_category(const std::string& slug, const std::string& name, const platform::Actor& by);
    bool remove_category(const std::string& slug, const platform::Actor& by);

    // Stores the product's photo (replacing the previous one) and puts its URL first in the
    // product's images, in place of the previous photo's; nullopt when the product does not exist.
    std::optional<Product> set_photo(const std::string& id, const ProductPhoto& photo, const platform::Actor& by);

    // A product's or a category's history (subject_kind "product" or "category"), newest first; it
    // outlives the product.
    CatalogEventPage history_of(const char* subject_kind, const std::string& subject_id, int limit, std::int64_t offset);
    // Every entry of one kind of subject ("category": the categories' writes, deleted ones too),
    // newest first.
    CatalogEventPage history_of_all(const char* subject_kind, int limit, std::int64_t offset);
    // The photo without its bytes (enough for a 304), or with them.
    std::optional<ProductPhoto> photo_description(const std::string& id);
    std::optional<ProductPhoto> photo(const std::string& id);

    // Takes the quantities out of stock, all or nothing, under `reservation_id` (idempotent: a
    // second call with the same id changes nothing). Throws Unprocessable naming the product that
    // lacks stock, NotFound for an unknown product.
    void reserve(const std::string& reservation_id, std::vector<ReservationLine> lines);
    // Puts a reservation's quantities back (compensation); false if there was nothing to release.
    bool release(const std::string& reservation_id);
    std::optional<Promotion> promotion(const std::string& code);

    // Seeding: adds a category or product only if absent.
    void upsert_category(const Category& c, int position);
    bool empty();

private:
    std::optional<Product> find_in(platform::db::Connection& c, const std::string& id);
    // Each product's categories and translations, read in one statement.
    std::vector<Product> with_details(platform::db::Connection& c, std::vector<Product> products);
    void set_categories(platform::db::Connection& c, const std::string& id, const std::vector<std::string>& slugs);
    platform::db::Database& db_;
};

}  // namespace rapidtrade::catalog
