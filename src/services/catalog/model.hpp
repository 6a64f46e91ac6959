#pragma once
// The catalogue's data as the store reads and writes it, and its JSON shape on the wire.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

namespace rapidtrade::catalog {

struct Category {
    std::string slug;  // "canapes"
    std::string name;  // "Canapés"
};

struct Product {
    std::string id;  // "OPUK6V6EV0"
    std::string name;
    std::string description;
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
};

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
boost::json::object to_json(const Category& c);
boost::json::object to_json(const Promotion& p);

}  // namespace rapidtrade::catalog
