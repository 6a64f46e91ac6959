#include "services/catalog/input.hpp"

#include <fmt/format.h>

#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/money.hpp"

namespace rapidtrade::catalog {

using platform::FieldError;

namespace {

// What a text may hold: a name is one line (no control character at all, so it cannot break a
// page's line, a log line or a CSV export); a description keeps its line breaks and tabs. NUL is
// never stored: PostgreSQL refuses it in text, SQLite would cut the text there in C strings.
enum class Lines { one, many };

bool has_forbidden_control(std::string_view s, Lines lines) {
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (c == 0x7f || (c < 0x20 && (lines == Lines::one || (c != '\n' && c != '\r' && c != '\t')))) return true;
    }
    return false;
}

// A text of a product (its French name or description, or a translation's): a string, trimmed, of
// `min` to `max` bytes, without the control characters `lines` forbids. `field` names it in the error.
std::optional<std::string> text_value(const boost::json::value& v, const std::string& field, std::size_t min,
                                      std::size_t max, std::vector<FieldError>& errors, Lines lines) {
    if (!v.is_string()) {
        errors.push_back({field, platform::Msg("api.field.string_expected")});
        return std::nullopt;
    }
    std::string s(v.as_string());
    auto first = s.find_first_not_of(" \t\r\n");
    auto last = s.find_last_not_of(" \t\r\n");
    s = first == std::string::npos ? "" : s.substr(first, last - first + 1);
    if (s.size() < min || s.size() > max) {
        errors.push_back(
            {field, platform::Msg("api.field.bytes_range", {{"min", std::to_string(min)}, {"max", std::to_string(max)}})});
        return std::nullopt;
    }
    if (has_forbidden_control(s, lines)) {
        errors.push_back({field, platform::Msg(lines == Lines::one ? "api.field.one_line" : "api.field.multiline_controls")});
        return std::nullopt;
    }
    return s;
}

std::optional<std::string> text_field(const boost::json::object& body, const char* field, std::size_t min,
                                      std::size_t max, std::vector<FieldError>& errors, Lines lines = Lines::one) {
    auto v = body.if_contains(field);
    if (v == nullptr) return std::nullopt;
    return text_value(*v, field, min, max, errors, lines);
}

constexpr std::size_t kMaxName = 200, kMaxDescription = 5000;

// "translations": {"en": {"name": ..., "description": ...}} (issue 17). Only the languages of
// kTranslationLanguages; a text null or empty (once trimmed) is removed, the French one showing
// instead; checked as the French texts are.
std::optional<std::map<std::string, ProductChanges::TextsChange, std::less<>>> translations_field(
    const boost::json::object& body, std::vector<FieldError>& errors) {
    const auto* v = body.if_contains("translations");
    if (v == nullptr) return std::nullopt;
    if (!v->is_object()) {
        errors.push_back({"translations", platform::Msg("api.product.translations_object")});
        return std::nullopt;
    }
    std::map<std::string, ProductChanges::TextsChange, std::less<>> out;
    bool ok = true;
    for (const auto& [language, texts] : v->as_object()) {
        bool known = false;
        for (auto l : kTranslationLanguages) known |= language == l;
        if (!known) {
            // The key is not echoed: it may be anything.
            errors.push_back({"translations", platform::Msg("api.product.translation_language")});
            ok = false;
            continue;
        }
        // fmt rather than "a" + s: GCC 12 warns falsely (-Wrestrict, its bug 105651) on the latter.
        std::string prefix = fmt::format("translations.{}", std::string_view(language));
        if (!texts.is_object()) {
            errors.push_back({prefix, platform::Msg("api.product.translation_texts")});
            ok = false;
            continue;
        }
        ProductChanges::TextsChange change;
        for (const auto& [key, text] : texts.as_object()) {
            bool is_name = key == "name";
            if (!is_name && key != "description") {
                errors.push_back({prefix, platform::Msg("api.product.translation_texts")});
                ok = false;
                continue;
            }
            auto& slot = is_name ? change.name : change.description;
            if (text.is_null()) {
                slot = std::optional<std::string>();
                continue;
            }
            auto s = text_value(text, fmt::format("{}.{}", prefix, std::string_view(key)), 0,
                                is_name ? kMaxName : kMaxDescription, errors, is_name ? Lines::one : Lines::many);
            if (!s) {
                ok = false;
                continue;
            }
            slot = s->empty() ? std::optional<std::string>() : std::optional<std::string>(*s);
        }
        out[std::string(language)] = std::move(change);
    }
    if (!ok) return std::nullopt;
    return out;
}

std::optional<std::vector<std::string>> string_list(const boost::json::object& body, const char* field,
                                                    std::size_t max_items, std::size_t max_length,
                                                    std::vector<FieldError>& errors) {
    auto v = body.if_contains(field);
    if (v == nullptr) return std::nullopt;
    if (!v->is_array() || v->as_array().size() > max_items) {
        errors.push_back({field, platform::Msg("api.field.list_max", {{"max", std::to_string(max_items)}})});
        return std::nullopt;
    }
    std::vector<std::string> out;
    for (const auto& item : v->as_array()) {
        if (!item.is_string() || item.as_string().empty() || item.as_string().size() > max_length) {
            errors.push_back({field, platform::Msg("api.field.list_items", {{"max", std::to_string(max_length)}})});
            return std::nullopt;
        }
        out.emplace_back(item.as_string());
    }
    return out;
}

}  // namespace

ProductChanges parse_product_input(const boost::json::object& body, InputMode mode) {
    static const std::initializer_list<const char*> kKnown = {"id",         "name",   "description", "price", "stock",
                                                              "categories", "images", "translations"};
    std::vector<FieldError> errors;
    for (const auto& [key, value] : body) {
        bool known = false;
        for (const char* k : kKnown) known |= key == k;
        if (!known) errors.push_back({std::string(key), platform::Msg("api.field.unknown")});
    }
    ProductChanges in;
    if (mode == InputMode::create) {
        in.id = text_field(body, "id", 10, 10, errors);
        if (in.id && !platform::is_product_id(*in.id)) {
            errors.push_back({"id", platform::Msg("api.product.id_format")});
            in.id.reset();
        }
    } else if (body.contains("id")) {
        errors.push_back({"id", platform::Msg("api.field.read_only")});
    }
    in.name = text_field(body, "name", 1, kMaxName, errors);
    in.description = text_field(body, "description", 0, kMaxDescription, errors, Lines::many);
    in.translations = translations_field(body, errors);
    if (auto price = body.if_contains("price")) {
        try {
            in.price_cents = platform::money_from_json(*price, "price").amount;
        } catch (const platform::HttpError& e) {
            errors.insert(errors.end(), e.errors().begin(), e.errors().end());
        }
    }
    if (auto stock = body.if_contains("stock")) {
        if (!stock->is_int64() || stock->as_int64() < 0 || stock->as_int64() > 1'000'000)
            errors.push_back({"stock", platform::Msg("api.product.stock_range")});
        else
            in.stock = stock->as_int64();
    }
    in.categories = string_list(body, "categories", 10, 64, errors);
    in.images = string_list(body, "images", 10, 500, errors);
    if (mode == InputMode::create) {
        if (!body.contains("name")) errors.push_back({"name", platform::Msg("api.field.required")});
        if (!body.contains("price")) errors.push_back({"price", platform::Msg("api.field.required")});
    }
    if (!errors.empty()) throw platform::BadRequest(std::move(errors));
    return in;
}

bool is_category_slug(const std::string& slug) {
    if (slug.empty() || slug.size() > 64 || slug.front() == '-' || slug.back() == '-') return false;
    for (char c : slug)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

Category parse_category_input(const boost::json::object& body, InputMode mode) {
    std::vector<FieldError> errors;
    for (const auto& [key, value] : body) {
        if (key == "name" || (key == "slug" && mode == InputMode::create)) continue;
        errors.push_back({std::string(key), platform::Msg(key == "slug" ? "api.field.read_only" : "api.field.unknown")});
    }
    Category c;
    if (mode == InputMode::create) {
        auto slug = text_field(body, "slug", 1, 64, errors);
        if (!body.contains("slug")) errors.push_back({"slug", platform::Msg("api.field.required")});
        else if (slug && !is_category_slug(*slug))
            errors.push_back({"slug", platform::Msg("api.category.slug_format")});
        else if (slug) c.slug = *slug;
    }
    auto name = text_field(body, "name", 1, 100, errors);
    if (!body.contains("name")) errors.push_back({"name", platform::Msg("api.field.required")});
    else if (name) c.name = *name;
    if (!errors.empty()) throw platform::BadRequest(std::move(errors));
    return c;
}

}  // namespace rapidtrade::catalog
