#include "services/catalog/history.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "services/catalog/sql.hpp"

namespace rapidtrade::catalog {

namespace history {
namespace {

boost::json::array slugs_of(const Product& p) {
    boost::json::array out;
    for (const auto& c : p.categories) out.push_back(boost::json::string(c.slug));
    return out;
}

boost::json::object from_to(boost::json::value from, boost::json::value to) {
    return {{"from", std::move(from)}, {"to", std::move(to)}};
}

}  // namespace

void record(platform::db::Connection& c, const char* subject_kind, const std::string& subject_id, const char* event,
            const platform::Actor& by, const boost::json::object& details) {
    c.query(sql::kInsertEvent, platform::random_id(20), subject_kind, subject_id, platform::next_history_sequence(),
            platform::now_iso(), event, by.kind, by.staff_id, by.staff_email, boost::json::serialize(details));
}

boost::json::object created(const Product& p) {
    boost::json::object out{{"name", p.name}, {"price_cents", p.price_cents}, {"stock", p.stock}, {"categories", slugs_of(p)}};
    if (!p.translations.empty()) out["translations"] = to_json(p.translations);
    return out;
}

namespace {

boost::json::value text_or_null(const std::optional<std::string>& text) {
    return text ? boost::json::value(boost::json::string(*text)) : boost::json::value(nullptr);
}

// The translated texts that changed, as "translations.en.name" (old and new name in `out`, like the
// French name) and "translations.en.description" (named only, like the French description).
void translations_changed(const Product& before, const Product& after, boost::json::array& changed,
                          boost::json::object& out) {
    for (auto language : kTranslationLanguages) {
        auto texts_of = [&](const Product& p) {
            auto it = p.translations.find(language);
            return it == p.translations.end() ? ProductTexts{} : it->second;
        };
        auto from = texts_of(before), to = texts_of(after);
        // fmt rather than "a" + s: GCC 12 warns falsely (-Wrestrict, its bug 105651) on the latter.
        auto name = fmt::format("translations.{}.name", language);
        auto description = fmt::format("translations.{}.description", language);
        if (from.name != to.name) {
            changed.push_back(boost::json::string(name));
            out[name] = from_to(text_or_null(from.name), text_or_null(to.name));
        }
        if (from.description != to.description) changed.push_back(boost::json::string(description));
    }
}

}  // namespace

boost::json::object updated(const Product& before, const Product& after) {
    boost::json::array changed;
    boost::json::object out;
    if (before.name != after.name) {
        changed.push_back("name");
        out["name"] = from_to(boost::json::string(before.name), boost::json::string(after.name));
    }
    if (before.description != after.description) changed.push_back("description");
    translations_changed(before, after, changed, out);
    if (before.price_cents != after.price_cents) {
        changed.push_back("price");
        out["price_cents"] = from_to(before.price_cents, after.price_cents);
    }
    if (before.stock != after.stock) {
        changed.push_back("stock");
        out["stock"] = from_to(before.stock, after.stock);
    }
    if (before.images != after.images) changed.push_back("images");
    if (slugs_of(before) != slugs_of(after)) {
        changed.push_back("categories");
        out["categories"] = from_to(slugs_of(before), slugs_of(after));
    }
    out["changed"] = std::move(changed);
    return out;
}

boost::json::object deleted(const Product& p) { return {{"name", p.name}}; }

boost::json::object photo_uploaded(const ProductPhoto& photo) {
    return {{"content_type", photo.content_type},
            {"width", photo.width},
            {"height", photo.height},
            {"bytes", photo.byte_count},
            {"sha256", photo.sha256}};
}

}  // namespace history
}  // namespace rapidtrade::catalog
