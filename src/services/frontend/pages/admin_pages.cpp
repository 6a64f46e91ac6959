// The back-office (/admin/), for the shop's staff: a token with the staff or admin role. Every page
// is built from the services' own APIs, called with the staff member's token, so each service
// decides (and records) what that person may do; this file only shows it. Anonymous visitors are
// sent to the log-in page, customers get a 403 page.
#include <algorithm>
#include <chrono>
#include <map>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "platform/money.hpp"
#include "platform/service.hpp"
#include "platform/text.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/history_view.hpp"
#include "services/frontend/order_view.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;
using platform::http::Verb;

namespace {

constexpr int kLowStock = 5;  // "products low on stock" on the dashboard
constexpr int kChartDays = 30;

// French labels of the order statuses, and which may be filtered on.
const std::map<std::string, std::string, std::less<>> kStatusLabels{
    {"paid", "Payée"}, {"shipped", "Expédiée"}, {"delivered", "Livrée"}, {"cancelled", "Annulée"},
};

// What happened to an order, in French (GET /apis/orders/{ref}/history's `event`).
std::string event_label(const std::string& event) {
    static const std::map<std::string, std::string, std::less<>> kEvents{
        {"placed", "Commande passée"},  {"shipped", "Expédiée"},         {"delivered", "Livrée"},
        {"cancelled", "Annulée"},       {"refunded", "Remboursée"},      {"stock_returned", "Stock rendu"}};
    auto it = kEvents.find(event);
    return it == kEvents.end() ? event : it->second;
}

// An event's details as one line ("carrier : Colissimo, tracking : 8R..."), each value escaped by
// the template that shows it.
std::string event_details(const boost::json::object& event) {
    const auto* details = event.if_contains("details");
    if (details == nullptr || !details->is_object()) return {};
    static const std::map<std::string, std::string, std::less<>> kNames{
        {"carrier", "transporteur"}, {"tracking", "suivi"}, {"reason", "motif"}};
    std::string out;
    for (const auto& [key, value] : details->as_object()) {
        if (!value.is_string()) continue;
        auto name = kNames.find(key);
        out += (out.empty() ? "" : ", ") + (name == kNames.end() ? std::string(key) : name->second) + " : " +
               std::string(value.as_string());
    }
    return out;
}

std::string status_label(const std::string& status) {
    auto it = kStatusLabels.find(status);
    return it == kStatusLabels.end() ? status : it->second;
}

std::int64_t cents_of(const boost::json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_object()) return 0;
    const auto* a = v->as_object().if_contains("amount");
    return a && a->is_int64() ? a->as_int64() : 0;
}

// One order as a row of the lists.
mustache::data order_row(const boost::json::object& o) {
    mustache::data d;
    d.set("reference", text_of(o, "reference"));
    d.set("date", platform::french_date(text_of(o, "created_at")));
    d.set("email", text_of(o, "email"));
    d.set("total", price(o.at("total")));
    d.set("status", status_label(text_of(o, "status")));
    return d;
}

// The day ("2026-12-02") of each of the last `days` days, oldest first.
std::vector<std::string> last_days(int days) {
    std::vector<std::string> out;
    auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    for (int i = days - 1; i >= 0; --i) out.push_back(fmt::format("{:%Y-%m-%d}", today - std::chrono::days(i)));
    return out;
}

// The orders the staff may see (GET /apis/orders/ with their token); nullopt when the service
// did not answer.
std::optional<boost::json::object> fetch_orders(Frontend& f, Session& s, Target target) {
    auto res = f.api.get("checkout", target, s.access_token);
    if (res.status != 200) return std::nullopt;
    return res.json().as_object();
}

}  // namespace

std::string staff_search(const Request& r) {
    std::string q(r.query_param("q").value_or(""));
    // No search is that long (the services refuse it); cutting could end mid-character.
    if (q.size() > 200) q.clear();
    return q;
}

std::optional<Response> refuse_unless_staff(Frontend& f, Session& s) {
    if (!s.logged_in()) {
        s.flash = "Connectez-vous avec votre compte de l'équipe pour ouvrir l'administration.";
        s.changed = true;
        return f.views.redirect(s, Target{"connexion"});
    }
    refresh_if_needed(f, s);
    if (s.logged_in()) {
        try {
            if (platform::is_staff(f.tokens.verify(s.access_token))) return std::nullopt;
        } catch (const std::exception& e) {
            platform::log::warn("admin_token_unverified", {{"error", e.what()}});
        }
    }
    return forbidden_page(f, s, "Cette page est réservée à l'équipe de la boutique.");
}

// GET /admin/: today's orders and revenue, the last 30 days' orders, products low on stock.
Response admin_dashboard_page(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    mustache::data d;
    auto days = last_days(kChartDays);
    std::map<std::string, std::int64_t> per_day;
    std::int64_t today_orders = 0, today_cents = 0;
    auto orders = fetch_orders(f, s, Target{"apis", "orders"}.slash().query("per_page", "100"));
    d.set("orders_available", flag(orders.has_value()));
    if (orders) {
        for (const auto& v : orders->at("items").as_array()) {
            const auto& o = v.as_object();
            auto day = text_of(o, "created_at").substr(0, 10);
            if (text_of(o, "status") == "cancelled") continue;
            per_day[day] += 1;
            if (day == days.back()) {
                ++today_orders;
                today_cents += cents_of(o, "total");
            }
        }
    }
    d.set("today_orders", std::to_string(today_orders));
    d.set("today_revenue", platform::format_eur(today_cents));
    // The chart: one bar per day, drawn in SVG attributes (the CSP forbids inline styles).
    std::int64_t most = 1;
    for (const auto& [day, n] : per_day) most = std::max(most, n);
    mustache::list bars;
    for (std::size_t i = 0; i < days.size(); ++i) {
        auto n = per_day.count(days[i]) ? per_day[days[i]] : 0;
        mustache::data b;
        int height = static_cast<int>(100 * n / most);
        b.set("x", std::to_string(i * 20 + 2));
        b.set("y", std::to_string(110 - height));
        b.set("height", std::to_string(height));
        b.set("label", fmt::format("{} : {} commande{}", platform::french_date(days[i]), n, n > 1 ? "s" : ""));
        bars.push_back(b);
    }
    d.set("bars", bars);
    d.set("chart_first", platform::french_date(days.front()));
    d.set("chart_last", platform::french_date(days.back()));
    // Products low on stock (the public list: stock is part of it).
    mustache::list low;
    auto products = f.api.get("catalog", Target{"apis", "products"}.slash().query("per_page", "100"), "");
    // Kept in a variable: a range-for over a member of json()'s temporary would walk freed memory.
    auto product_list = products.status == 200 ? products.json()
                                               : boost::json::value(boost::json::object{{"items", boost::json::array{}}});
    for (const auto& v : product_list.at("items").as_array()) {
        const auto& p = v.as_object();
        const auto* stock = p.if_contains("stock");
        if (stock == nullptr || !stock->is_int64() || stock->as_int64() > kLowStock) continue;
        mustache::data row;
        row.set("id", text_of(p, "id"));
        row.set("name", text_of(p, "name"));
        row.set("stock", std::to_string(stock->as_int64()));
        low.push_back(row);
    }
    d.set("low_stock", low);
    d.set("no_low_stock", flag(low.empty()));
    d.set("low_threshold", std::to_string(kLowStock));
    return admin_page(f, s, "dashboard", "admin_dashboard", d, "Tableau de bord");
}

// GET /admin/commandes?statut=&q=&page=
Response admin_orders_page(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    Target target = Target{"apis", "orders"}.slash().query("per_page", "20");
    std::string status(r.query_param("statut").value_or(""));
    std::string q = staff_search(r);
    std::string page(r.query_param("page").value_or(""));
    if (!status.empty() && kStatusLabels.count(status)) target.query("status", status);
    else status.clear();
    if (!q.empty()) target.query("q", q);
    if (!page.empty() && page.size() < 6 && std::all_of(page.begin(), page.end(), ::isdigit)) target.query("page", page);
    else page = "1";
    mustache::data d;
    d.set("q", q);
    mustache::list statuses;
    for (const char* code : {"paid", "shipped", "delivered", "cancelled"}) {
        mustache::data o;
        o.set("value", std::string(code));
        o.set("label", status_label(code));
        o.set("selected", flag(status == code));
        statuses.push_back(o);
    }
    d.set("statuses", statuses);
    auto orders = fetch_orders(f, s, target);
    d.set("available", flag(orders.has_value()));
    mustache::list rows;
    if (orders)
        for (const auto& v : orders->at("items").as_array()) rows.push_back(order_row(v.as_object()));
    d.set("empty", flag(rows.empty()));
    d.set("orders", rows);
    return admin_page(f, s, "orders", "admin_orders", d, "Commandes");
}

// GET /admin/commandes/{reference}: the order, its history, and what may be done with it.
Response admin_order_page(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    auto reference = std::string(r.param("reference"));
    if (!platform::is_order_reference(reference)) return not_found_page(f, s);
    auto res = f.api.get("checkout", Target{"apis", "orders", reference}, s.access_token);
    if (res.status == 404) return not_found_page(f, s);
    if (res.status != 200) throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "checkout"}, {"status", std::to_string(res.status)}}));
    auto order = res.json();  // kept alive: `o` points into it
    const auto& o = order.as_object();
    auto d = order_details(o);
    auto status = text_of(o, "status");
    d.set("status", status_label(status));
    d.set("email", text_of(o, "email"));
    d.set("can_ship", flag(status == "paid"));
    d.set("can_deliver", flag(status == "shipped"));
    d.set("can_cancel", flag(status == "paid"));
    mustache::list history;
    auto h = f.api.get("checkout", Target{"apis", "orders", reference, "history"}, s.access_token);
    if (h.status == 200) {
        auto body = h.json();
        const auto* items = body.is_object() ? body.as_object().if_contains("items") : nullptr;
        if (items && items->is_array())
            for (const auto& v : items->as_array()) {
                if (!v.is_object()) continue;
                const auto& e = v.as_object();
                mustache::data row;
                row.set("when", history_when(text_of(e, "at")));
                row.set("what", event_label(text_of(e, "event")));
                row.set("who", history_who(e));
                row.set("detail", event_details(e));
                history.push_back(row);
            }
    }
    d.set("history", history);
    d.set("has_history", flag(!history.empty()));
    return admin_page(f, s, "orders", "admin_order", d, "Commande " + reference);
}

// POST /admin/commandes/{reference}/{expedition|livraison|annulation}
Response admin_order_action(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    auto form = read_form(r);
    check_csrf(form, s);
    auto reference = std::string(r.param("reference"));
    if (!platform::is_order_reference(reference)) return not_found_page(f, s);
    auto action = std::string(r.param("action"));
    boost::json::object body;
    std::string done;
    Target target{"apis", "orders", reference};
    if (action == "expedition") {
        target.segment("shipment");
        body = {{"carrier", field(form, "carrier")}, {"tracking", field(form, "tracking")}};
        done = "Commande marquée comme expédiée ; le client est prévenu par courriel.";
    } else if (action == "livraison") {
        target.segment("delivery");
        done = "Commande marquée comme livrée.";
    } else if (action == "annulation") {
        if (field(form, "confirm") != "oui")
            return bad_request_page(f, s, "Cochez la case de confirmation pour annuler la commande.");
        target.segment("cancellation");
        body = {{"reason", field(form, "reason")}};
        done = "Commande annulée : le paiement est remboursé et le stock rendu ; le client est prévenu.";
    } else {
        return not_found_page(f, s);
    }
    auto res = f.api.send("checkout", Verb::post, target, body, s.access_token);
    if (res.status == 200 || res.status == 201 || res.status == 204) {
        s.flash = done;
    } else {
        auto problem = ShopApi::problem_of(res);
        s.flash = res.status == 409 ? "Impossible dans l'état actuel de la commande." : "L'action a été refusée : " +
                                                                                            (problem.detail.empty() ? std::string("vérifiez les champs.") : problem.detail);
    }
    s.changed = true;
    return f.views.redirect(s, Target{"admin", "commandes", reference});
}

}  // namespace rapidtrade::frontend
