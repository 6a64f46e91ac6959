// The back-office's customers (/admin/clients): search, a customer's page with their orders, their
// data as a file, and erasure after a confirmation, and what staff did to the record (its history).
// The customers service decides and records everything (with the staff member's token); these
// pages show it in French.
#include <optional>

#include <fmt/format.h>

#include "platform/clock.hpp"
#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/history_view.hpp"
#include "services/frontend/order_view.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;
using platform::http::Verb;

namespace {

const boost::json::array* items_of(const boost::json::value& v) {
    if (!v.is_object()) return nullptr;
    const auto* items = v.as_object().if_contains("items");
    return items && items->is_array() ? &items->as_array() : nullptr;
}

// What was done to a customer's record, in French (GET /apis/customers/{id}/history's `event`).
std::string customer_event(const boost::json::object& entry) {
    auto event = text_of(entry, "event");
    if (event == "exported") {
        const auto* details = entry.if_contains("details");
        const auto* orders = details && details->is_object() ? details->as_object().if_contains("orders") : nullptr;
        if (orders && orders->is_int64())
            return fmt::format("Données exportées ({} commande{})", orders->as_int64(), orders->as_int64() > 1 ? "s" : "");
        return "Données exportées";
    }
    if (event == "erasure_requested") return "Effacement demandé";
    if (event == "erasure_finished") return "Effacement terminé";
    return event;
}

// The newest entries of the customer's history (one page); nullopt when the service cannot say.
std::optional<mustache::list> customer_history(Frontend& f, Session& s, const std::string& id) {
    auto res = f.api.customer_history(id, s.access_token);
    if (res.status != 200) return std::nullopt;
    return history_rows(res.json(), customer_event);
}

}  // namespace

// GET /admin/clients?q=
Response admin_customers_page(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    std::string q = staff_search(r);
    Target target = Target{"apis", "customers"}.slash().query("per_page", "50");
    if (!q.empty()) target.query("q", q);
    auto res = f.api.get("customers", target, s.access_token);
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "customers"}, {"status", std::to_string(res.status)}}));
    auto list = res.json();  // kept alive: the loop walks inside it
    mustache::list rows;
    if (const auto* items = items_of(list))
        for (const auto& v : *items) {
            if (!v.is_object()) continue;
            const auto& c = v.as_object();
            mustache::data row;
            row.set("id", text_of(c, "id"));
            row.set("name", text_of(c, "first_name") + " " + text_of(c, "last_name"));
            row.set("email", text_of(c, "email"));
            row.set("since", platform::french_date(text_of(c, "created_at")));
            rows.push_back(row);
        }
    mustache::data d;
    d.set("q", q);
    d.set("customers", rows);
    d.set("empty", flag(rows.empty()));
    return admin_page(f, s, "customers", "admin_customers", d, "Clients");
}

// GET /admin/clients/{id}: the profile, the orders, and the history (who did what, when).
Response admin_customer_page(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    const auto& id = r.param("id");
    if (!platform::is_customer_id(id)) return not_found_page(f, s);
    auto res = f.api.get("customers", Target{"apis", "customers", id}, s.access_token);
    if (res.status == 404) return not_found_page(f, s);
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "customers"}, {"status", std::to_string(res.status)}}));
    auto profile = res.json();  // kept alive
    const auto& c = profile.as_object();
    mustache::data d;
    d.set("id", id);
    d.set("name", text_of(c, "first_name") + " " + text_of(c, "last_name"));
    d.set("email", text_of(c, "email"));
    d.set("since", platform::french_date(text_of(c, "created_at")));
    mustache::list orders;
    auto o = f.api.get("checkout", Target{"apis", "orders", "customers", id}, s.access_token);
    d.set("orders_available", flag(o.status == 200));
    if (o.status == 200) {
        auto list = o.json();
        if (const auto* items = items_of(list))
            for (const auto& v : *items)
                if (v.is_object()) orders.push_back(order_summary(v.as_object()));
    }
    d.set("orders", orders);
    d.set("no_orders", flag(orders.empty()));
    set_history(d, customer_history(f, s, id), "Aucune action de l'équipe sur ce client.");
    return admin_page(f, s, "customers", "admin_customer", d, "Client " + id);
}

// GET /admin/clients/{id}/export: the customer's data as a file.
Response admin_customer_export(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    const auto& id = r.param("id");
    if (!platform::is_customer_id(id)) return not_found_page(f, s);
    auto res = f.api.get("customers", Target{"apis", "customers", id, "export"}, s.access_token);
    if (res.status == 404) return not_found_page(f, s);
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "export"}, {"status", std::to_string(res.status)}}));
    return json_download(std::move(res.body), "client-" + id + ".json");  // id checked above: [A-Z0-9]{16}
}

// POST /admin/clients/{id}/effacement {confirm}
Response admin_customer_erase(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    auto form = read_form(r);
    check_csrf(form, s);
    const auto& id = r.param("id");
    if (!platform::is_customer_id(id)) return not_found_page(f, s);
    if (field(form, "confirm") != "oui")
        return bad_request_page(f, s, "Cochez la case de confirmation pour effacer les données du client.");
    auto res = f.api.send("customers", Verb::delete_, Target{"apis", "customers", id}, boost::json::object{},
                          s.access_token);
    if (res.status == 404) return not_found_page(f, s);
    if (res.status != 202 && res.status != 204)
        throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "erasure"}, {"status", std::to_string(res.status)}}));
    s.flash = res.status == 204 ? "Les données du client sont effacées ; ses commandes sont conservées sans ses coordonnées."
                                : "Le compte est fermé ; l'effacement se termine dans les autres services dès qu'ils répondent.";
    s.changed = true;
    return f.views.redirect(s, Target{"admin", "clients"});
}

}  // namespace rapidtrade::frontend
