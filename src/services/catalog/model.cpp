#include "services/catalog/model.hpp"

#include <boost/json/array.hpp>

#include "platform/http/target.hpp"

namespace rapidtrade::catalog {

boost::json::object to_json(const Category& c) { return {{"slug", c.slug}, {"name", c.name}}; }

boost::json::object to_json(const std::map<std::string, ProductTexts, std::less<>>& translations) {
    boost::json::object out;
    for (const auto& [language, texts] : translations) {
        boost::json::object t;
        if (texts.name) t["name"] = *texts.name;
        if (texts.description) t["description"] = *texts.description;
        if (!t.empty()) out[language] = std::move(t);
    }
    return out;
}

boost::json::object to_json(const Product& p) {
    boost::json::array categories;
    for (const auto& c : p.categories) categories.push_back(to_json(c));
    boost::json::array images;
    for (const auto& i : p.images) images.push_back(boost::json::string(i));
    return {{"id", p.id},
            {"name", p.name},
            {"description", p.description},
            {"translations", to_json(p.translations)},
            {"price", {{"amount", p.price_cents}, {"currency", p.currency}}},
            {"categories", std::move(categories)},
            {"images", std::move(images)},
            {"stock", p.stock}};
}

std::string photo_version(const std::string& sha256) { return sha256.substr(0, 16); }

std::string photo_url(const std::string& product_id, const std::string& sha256) {
    return platform::http::Target{"apis", "products", product_id, "image"}.query("v", photo_version(sha256)).encoded();
}

bool is_photo_url(const std::string& url, const std::string& product_id) {
    auto path = platform::http::Target{"apis", "products", product_id, "image"}.encoded();
    return url == path || url.starts_with(path + "?");
}

boost::json::object to_json(const Promotion& p) {
    return {{"code", p.code}, {"percent_off", p.percent_off}, {"requires_login", p.requires_login}};
}

}  // namespace rapidtrade::catalog
