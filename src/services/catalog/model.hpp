#pragma once
// The catalogue's data as the store reads and writes it, and its JSON shape on the wire.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace rapidtrade::catalog {

struct Category {
    std::string slug;  // "canapes"
    std::string name;  // "Canapés"
};

// A product's name and description in a language other than French (issue 17); either may be
// missing, the shop then shows the French one.
struct ProductTexts {
    std::optional<std::string> name;
    std::optional<std::string> description;
    bool operator==(const ProductTexts&) const = default;
};

// The languages a product's texts may be translated into: French is the product's own name and
// description.
inline constexpr std::string_view kTranslationLanguages[] = {"en"};

struct Product {
    std::string id;  // "OPUK6V6EV0"
    std::string name;         // French, the reference
    std::string description;  // French
    std::map<std::string, ProductTexts, std::less<>> translations;  // by language code ("en")
    std::int64_t price_cents = 0;
    std::string currency = "EUR";
    std::int64_t stock = 0;
    std::vector<std::string> images;  // URLs
    std::vector<Category> categories;
};

// What a client may set when creating or changing a product (absent = unchanged on PATCH).
struct ProductChanges {
    std::optional<std::string> id;
    std::optional<std::string> name;
    std::optional<std::string> description;
    std::optional<std::int64_t> price_cents;
    std::optional<std::int64_t> stock;
    std::optional<std::vector<std::string>> categories;  // slugs
    std::optional<std::vector<std::string>> images;
    // Per language, per text: absent = unchanged; a text set to nullopt is removed (the French one
    // is shown again); a text set to a value replaces it.
    struct TextsChange {
        std::optional<std::optional<std::string>> name;
        std::optional<std::optional<std::string>> description;
    };
    std::optional<std::map<std::string, TextsChange, std::less<>>> translations;
};

// A product's uploaded photo (image_check.* made sure of the type and the size).
struct ProductPhoto {
    std::string content_type;  // image/png, image/jpeg or image/webp
    std::int64_t width = 0;
    std::int64_t height = 0;
    std::int64_t byte_count = 0;
    std::string sha256;  // hex of the bytes: the ETag and the version in the URL
    std::string bytes;   // empty when only the description was read
};

// Where a product's photo is served: /apis/products/{id}/image?v=<first 16 hex of its SHA-256>.
// The URL changes with the photo, so an answer may be cached for a year.
std::string photo_url(const std::string& product_id, const std::string& sha256);
std::string photo_version(const std::string& sha256);
// Whether `url` is one of the product's photo URLs (any version).
bool is_photo_url(const std::string& url, const std::string& product_id);

enum class Sort { featured, price_asc, price_desc, name };

struct ProductQuery {
    std::optional<std::string> category;  // slug
    std::optional<std::string> text;      // free text, matched without case or accents
    Sort sort = Sort::featured;
    int limit = 20;
    std::int64_t offset = 0;
};

struct ReservationLine {
    std::string product_id;
    std::int64_t quantity = 0;
};

struct Promotion {
    std::string code;
    std::int64_t percent_off = 0;
    bool requires_login = true;
};

boost::json::object to_json(const Product& p);
// {"en": {"name": ..., "description": ...}}: only the texts there are.
boost::json::object to_json(const std::map<std::string, ProductTexts, std::less<>>& translations);
boost::json::object to_json(const Category& c);
boost::json::object to_json(const Promotion& p);

}  // namespace rapidtrade::catalog
