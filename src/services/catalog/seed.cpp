#include "services/catalog/seed.hpp"

#include <boost/json/parse.hpp>

#include "platform/embedded.hpp"
#include "platform/log.hpp"
#include "services/catalog/assets.hpp"

namespace rapidtrade::catalog {

void seed_catalog(CatalogStore& store) {
    auto text = platform::find_embedded(embedded_files(), "products.json");
    if (!text) throw std::logic_error("products.json is not embedded in the binary");
    auto doc = boost::json::parse(*text).as_object();
    int position = 0;
    for (const auto& c : doc.at("categories").as_array()) {
        const auto& o = c.as_object();
        store.upsert_category({std::string(o.at("slug").as_string()), std::string(o.at("name").as_string())}, ++position);
    }
    if (!store.empty()) return;
    int count = 0;
    for (const auto& p : doc.at("products").as_array()) {
        const auto& o = p.as_object();
        ProductChanges in;
        in.id = std::string(o.at("id").as_string());
        in.name = std::string(o.at("name").as_string());
        in.description = std::string(o.at("description").as_string());
        // The English texts (issue 17): {"en": {"name", "description"}}.
        if (const auto* translations = o.if_contains("translations")) {
            in.translations.emplace();
            for (const auto& [language, texts] : translations->as_object()) {
                ProductChanges::TextsChange change;
                const auto& t = texts.as_object();
                if (const auto* n = t.if_contains("name")) change.name = std::optional<std::string>(std::string(n->as_string()));
                if (const auto* d = t.if_contains("description")) change.description = std::optional<std::string>(std::string(d->as_string()));
                (*in.translations)[std::string(language)] = std::move(change);
            }
        }
        in.price_cents = o.at("price_cents").as_int64();
        in.stock = o.at("stock").as_int64();
        in.images = std::vector<std::string>{image_url(std::string(o.at("image").as_string()))};
        std::vector<std::string> slugs;
        for (const auto& s : o.at("categories").as_array()) slugs.emplace_back(s.as_string());
        in.categories = std::move(slugs);
        store.create(in, platform::Actor::service());
        ++count;
    }
    platform::log::info("catalog_seeded", {{"products", count}});
}

}  // namespace rapidtrade::catalog
