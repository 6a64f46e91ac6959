#include "platform/address.hpp"

#include <algorithm>
#include <cctype>

#include "platform/countries.hpp"
#include "platform/validation.hpp"

namespace rapidtrade::platform {

boost::json::object to_json(const Address& a) {
    return {{"full_name", a.full_name}, {"street", a.street}, {"city", a.city}, {"postal_code", a.postal_code},
            {"country", a.country}};
}

Address address_from_json(const boost::json::value& v, const std::string& prefix, std::vector<FieldError>& errors) {
    Address a;
    std::string p = prefix.empty() ? "" : prefix + ".";
    if (!v.is_object()) {
        errors.push_back({prefix.empty() ? "body" : prefix, Msg("api.address.object_expected")});
        return a;
    }
    const auto& o = v.as_object();
    std::vector<FieldError> local;
    reject_unknown_fields(o, {"full_name", "street", "city", "postal_code", "country"}, local);
    a.full_name = read_text(o, "full_name", 1, 100, true, local).value_or("");
    a.street = read_text(o, "street", 1, 200, true, local).value_or("");
    a.city = read_text(o, "city", 1, 100, true, local).value_or("");
    auto postal = read_text(o, "postal_code", 1, 16, true, local);
    auto country = read_text(o, "country", 2, 2, false, local);
    if (country) {
        std::string upper = *country;
        std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
        if (is_iso_country(upper)) a.country = upper;
        else local.push_back({"country", Msg("api.address.country_code")});
    }
    if (postal) {
        bool digits5 = postal->size() == 5 && std::all_of(postal->begin(), postal->end(), ::isdigit);
        bool plausible = std::all_of(postal->begin(), postal->end(),
                                     [](unsigned char c) { return std::isalnum(c) || c == ' ' || c == '-'; });
        if (a.country == "FR" && !digits5) local.push_back({"postal_code", Msg("api.address.french_postal_code")});
        else if (!plausible) local.push_back({"postal_code", Msg("api.address.postal_code_characters")});
        else a.postal_code = *postal;
    }
    for (auto& e : local) errors.push_back({p + e.field, std::move(e.message)});
    return a;
}

}  // namespace rapidtrade::platform
