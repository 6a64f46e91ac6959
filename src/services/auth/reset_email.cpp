#include "services/auth/reset_email.hpp"

#include "services/auth/assets.hpp"

namespace rapidtrade::auth {

namespace {

// "1 heure", "30 minutes", "2 heures": the lifetime as a person reads it.
std::string french_duration(std::chrono::seconds d) {
    auto s = d.count();
    if (s >= 3600 && s % 3600 == 0) return std::to_string(s / 3600) + (s == 3600 ? " heure" : " heures");
    if (s >= 60 && s % 60 == 0) return std::to_string(s / 60) + (s == 60 ? " minute" : " minutes");
    return std::to_string(s) + (s == 1 ? " seconde" : " secondes");
}

}  // namespace

ResetEmail password_reset_email(const std::string& link, std::chrono::seconds valid_for) {
    kainjow::mustache::data values;
    values.set("link", link);
    values.set("lasts", french_duration(valid_for));
    return platform::render_email(embedded_files(), "password_reset",
                                  "Réinitialisation de votre mot de passe RapidTrade Co.", std::move(values));
}

}  // namespace rapidtrade::auth
