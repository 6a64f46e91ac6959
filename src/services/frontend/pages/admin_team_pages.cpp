// The back-office's "Comptes équipe" (/admin/equipe), administrators only: the staff accounts with
// who added and disabled them, a form to add one, and disabling after a confirmation. The auth
// service decides and records everything under the administrator's own token; these pages show it
// in French.
#include "platform/clock.hpp"
#include "platform/errors.hpp"
#include "services/frontend/frontend.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;
using platform::http::Verb;

namespace {

// The answer for anyone but an administrator (staff: a 403 page naming why), or nothing.
std::optional<Response> refuse_unless_admin(Frontend& f, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return refusal;
    if (is_admin(f, s)) return std::nullopt;
    return forbidden_page(f, s, "Les comptes de l'équipe sont réservés aux administrateurs.");
}

// A staff account id as the auth service makes them (STAFF + 11, or the demo admin's): anything
// else is no account, answered 404 without asking.
bool is_staff_id(const std::string& id) {
    return id.size() >= 5 && id.size() <= 32 &&
           id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == std::string::npos;
}

std::string who(const boost::json::object& account, const char* field) {
    auto name = text_of(account, field);
    return name.empty() ? "—" : name;
}

Response team_page(Frontend& f, Session& s, const std::map<std::string, std::string>& values,
                   const std::map<std::string, std::string>& errors, unsigned status) {
    auto res = f.api.get("auth", Target{"apis", "auth", "staff"}.slash(), s.access_token);
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "auth"}, {"status", std::to_string(res.status)}}));
    auto list = res.json();  // kept alive: the loop walks inside it
    auto me = f.tokens.verify(s.access_token).subject;
    mustache::list rows;
    if (const auto* items = list.as_object().if_contains("items"); items && items->is_array())
        for (const auto& v : items->as_array()) {
            if (!v.is_object()) continue;
            const auto& a = v.as_object();
            bool active = text_of(a, "state") == "active";
            mustache::data row;
            row.set("id", text_of(a, "id"));
            row.set("email", text_of(a, "email"));
            row.set("role", text_of(a, "role") == "admin" ? "Administrateur" : "Équipe");
            row.set("state", active ? "Actif" : "Désactivé");
            row.set("added", platform::french_date(text_of(a, "created_at")) + " par " + who(a, "created_by"));
            row.set("disabled", active ? std::string() : platform::french_date(text_of(a, "disabled_at")) + " par " +
                                                             who(a, "disabled_by"));
            row.set("can_disable", flag(active && text_of(a, "id") != me));
            rows.push_back(row);
        }
    mustache::data d;
    d.set("accounts", rows);
    for (const char* name : {"email", "role", "password"}) {
        auto v = values.find(name);
        d.set(name, v == values.end() ? std::string() : v->second);
        auto e = errors.find(name);
        d.set(std::string(name) + "_error", e == errors.end() ? std::string() : e->second);
        d.set(std::string(name) + "_invalid", flag(e != errors.end()));
    }
    d.set("role_admin", flag(values.count("role") && values.at("role") == "admin"));
    d.set("has_errors", flag(!errors.empty()));
    return admin_page(f, s, "team", "admin_team", d, "Comptes équipe", status);
}

}  // namespace

// GET /admin/equipe
Response admin_team_page(Frontend& f, const Request&, Session& s) {
    if (auto refusal = refuse_unless_admin(f, s)) return std::move(*refusal);
    return team_page(f, s, {}, {}, 200);
}

// POST /admin/equipe {email, role, password}: the new account, or the form again with the reasons.
Response admin_team_add(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_admin(f, s)) return std::move(*refusal);
    auto form = read_form(r);
    check_csrf(form, s);
    std::map<std::string, std::string> values{{"email", field(form, "email")}, {"role", field(form, "role")}};
    std::string password = field(form, "password");
    boost::json::object body{{"email", values["email"]}, {"role", values["role"]}, {"password", password}};
    auto res = f.api.send("auth", Verb::post, Target{"apis", "auth", "staff"}.slash(), body, s.access_token);
    std::map<std::string, std::string> errors;
    if (res.status == 409) {
        errors["email"] = "Un compte existe déjà avec cette adresse (de l'équipe ou d'un client).";
    } else if (res.status == 400) {
        static const std::map<std::string, std::string> kMessages{
            {"email", "Saisissez une adresse électronique valide."},
            {"role", "Choisissez le rôle Équipe ou Administrateur."},
            {"password", "Le mot de passe compte au moins 8 caractères."}};
        for (const auto& e : ShopApi::problem_of(res).fields)
            if (auto m = kMessages.find(e.field); m != kMessages.end()) errors[e.field] = m->second;
        if (errors.empty()) errors["email"] = "L'ajout a été refusé.";
    } else if (res.status != 201) {
        throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "auth"}, {"status", std::to_string(res.status)}}));
    }
    if (!errors.empty()) return team_page(f, s, values, errors, 400);
    s.flash = "Compte " + text_of(res.json().as_object(), "email") + " ajouté ; il peut se connecter.";
    s.changed = true;
    return f.views.redirect(s, Target{"admin", "equipe"});
}

// GET /admin/equipe/{id}/desactivation: what disabling does, and the button.
Response admin_team_disable_page(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_admin(f, s)) return std::move(*refusal);
    const auto& id = r.param("id");
    if (!is_staff_id(id)) return not_found_page(f, s);
    auto res = f.api.get("auth", Target{"apis", "auth", "staff"}.slash(), s.access_token);
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "auth"}, {"status", std::to_string(res.status)}}));
    auto list = res.json();
    if (const auto* items = list.as_object().if_contains("items"); items && items->is_array())
        for (const auto& v : items->as_array())
            if (v.is_object() && text_of(v.as_object(), "id") == id) {
                mustache::data d;
                d.set("id", id);
                d.set("email", text_of(v.as_object(), "email"));
                return admin_page(f, s, "team", "admin_team_disable", d, "Désactiver un compte");
            }
    return not_found_page(f, s);
}

// POST /admin/equipe/{id}/desactivation {confirm}
Response admin_team_disable(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_admin(f, s)) return std::move(*refusal);
    auto form = read_form(r);
    check_csrf(form, s);
    const auto& id = r.param("id");
    if (!is_staff_id(id)) return not_found_page(f, s);
    if (field(form, "confirm") != "oui")
        return bad_request_page(f, s, "Cochez la case de confirmation pour désactiver ce compte.");
    auto res = f.api.send("auth", Verb::delete_, Target{"apis", "auth", "staff", id}, boost::json::object{},
                          s.access_token);
    if (res.status == 404) return not_found_page(f, s);
    if (res.status == 409) return bad_request_page(f, s, "Vous ne pouvez pas désactiver votre propre compte.");
    if (res.status != 204) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "auth"}, {"status", std::to_string(res.status)}}));
    s.flash = "Compte désactivé : il ne peut plus se connecter et ses sessions sont fermées.";
    s.changed = true;
    return f.views.redirect(s, Target{"admin", "equipe"});
}

}  // namespace rapidtrade::frontend
