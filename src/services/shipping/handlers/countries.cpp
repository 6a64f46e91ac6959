#include <algorithm>
#include <vector>

#include <boost/json/array.hpp>

#include "platform/http/problem.hpp"
#include "platform/i18n/language.hpp"
#include "services/shipping/country_names.hpp"
#include "services/shipping/handlers/handlers.hpp"

namespace rapidtrade::shipping::handlers {

// GET /apis/shipping/countries: where the shop delivers and for how much, from SHIPPING_RULES.
// Public (the web shop shows it to everyone): no key, no token; the query string is not read.
// Cheapest first, then by country code: the home market leads the list by default. The names are
// in the request's language (Accept-Language, French by default), said by Content-Language.
Response list_countries(Context& ctx, const Request& request) {
    auto language = platform::http::answer_language(request.raw);
    std::vector<Destination> destinations;
    for (const auto& [country, rate] : ctx.rules.rates())
        destinations.push_back({country, country_name(language, country), rate});
    std::stable_sort(destinations.begin(), destinations.end(),
                     [](const Destination& a, const Destination& b) { return a.rate.cost_cents < b.rate.cost_cents; });
    boost::json::array items;
    for (const auto& d : destinations) items.push_back(to_json(d, language));
    auto res = platform::http::json_response(200, boost::json::object{{"service", ShippingRules::kService},
                                                                      {"items", std::move(items)}});
    platform::http::say_in(res, language);
    return res;
}

}  // namespace rapidtrade::shipping::handlers
