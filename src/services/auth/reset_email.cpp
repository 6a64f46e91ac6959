#include "services/auth/reset_email.hpp"

#include "platform/text.hpp"

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
    using platform::html_escape;
    ResetEmail e;
    e.subject = "Réinitialisation de votre mot de passe RapidTrade Co.";
    auto lasts = french_duration(valid_for);
    std::string t;
    t += "Bonjour,\n\n";
    t += "Vous avez demandé à changer le mot de passe de votre compte RapidTrade Co.\n";
    t += "Pour en choisir un nouveau, ouvrez ce lien (valable " + lasts + ", une seule fois) :\n\n";
    t += link + "\n\n";
    t += "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste "
         "inchangé.\n\n";
    t += "L'équipe E-Design\n";
    e.text = std::move(t);

    std::string h;
    h += "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" + html_escape(e.subject) +
         "</title></head><body style=\"font-family: sans-serif; color: #222\">";
    h += "<p>Bonjour,</p>";
    h += "<p>Vous avez demandé à changer le mot de passe de votre compte RapidTrade Co.</p>";
    h += "<p><a href=\"" + html_escape(link) + "\">Choisir un nouveau mot de passe</a> (lien valable " +
         html_escape(lasts) + ", une seule fois)</p>";
    h += "<p>Si le lien ne s'ouvre pas, copiez cette adresse dans votre navigateur :<br>" + html_escape(link) + "</p>";
    h += "<p>Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste "
         "inchangé.</p>";
    h += "<p>L'équipe E-Design</p></body></html>";
    e.html = std::move(h);
    return e;
}

}  // namespace rapidtrade::auth
