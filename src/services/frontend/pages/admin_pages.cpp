// The back-office (/admin/), for the shop's staff: a token with the staff or admin role. Every page
// is built from the services' own APIs, called with the staff member's token, so each service
// decides (and records) what that person may do; this file only shows it. Anonymous visitors are
// sent to the log-in page, customers get a 403 page.
#include <algorithm>
#include <chrono>
#include <map>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "platform/i18n/format.hpp"
#include "platform/i18n/messages.hpp"
#include "platform/i18n/plural.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "platform/service.hpp"
#include "platform/text.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/history_view.hpp"
#include "services/frontend/order_status.hpp"
#include "services/frontend/order_view.hpp"
#include "services/frontend/page_language.hpp"
#include "services/frontend/pages/admin_text.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;
using platform::http::Verb;
using platform::i18n::counted_key;
using platform::i18n::format_date;
using platform::i18n::message;

namespace {

constexpr int kLowStock = 5;  // "products low on stock" on the dashboard
constexpr int kChartDays = 30;

std::int64_t cents_of(const boost::json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_object()) return 0;
    const auto* a = v->as_object().if_contains("amount");
    return a && a->is_int64() ? a->as_int64() : 0;
}

// One order as a row of the lists.
mustache::data order_row(Language language, const boost::json::object& o) {
    mustache::data d;
    d.set("reference", text_of(o, "reference"));
    d.set("date", format_date(language, text_of(o, "created_at")));
    d.set("email", text_of(o, "email"));
    d.set("total", price(language, o.at("total")));
    d.set("status", order_status_text(language, StatusWords::staff, text_of(o, "status")));
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

// What happened to an order (GET /apis/orders/{ref}/history's `event`).
std::string order_event_label(Language language, const boost::json::object& entry) {
    auto event = text_of(entry, "event");
    for (std::string_view known : {"placed", "shipped", "delivered", "cancelled", "refunded", "stock_returned"})
        if (event == known) return message(language, "admin.order.event." + event);
    return event;
}

// An event's details as one line ("transporteur : Colissimo, suivi : 8R..."), each value escaped
// by the template that shows it; a detail we have no name for is shown under its own.
std::string order_event_details(Language language, const boost::json::object& entry) {
    const auto* details = entry.if_contains("details");
    if (details == nullptr || !details->is_object()) return {};
    std::string out;
    for (const auto& [key, value] : details->as_object()) {
        if (!value.is_string()) continue;
        std::string_view name(key.data(), key.size());
        std::string_view text(value.as_string().data(), value.as_string().size());
        std::string line = name == "carrier" || name == "tracking" || name == "reason"
                               ? message(language, "admin.order.detail." + std::string(name), {{"value", text}})
                               : message(language, "admin.order.detail.other", {{"name", name}, {"value", text}});
        out += (out.empty() ? "" : ", ") + line;
    }
    return out;
}

std::string staff_search(const Request& r) {
    std::string q(r.query_param("q").value_or(""));
    // No search is that long (the services refuse it); cutting could end mid-character.
    if (q.size() > 200) q.clear();
    return q;
}

std::optional<Response> refuse_unless_staff(Frontend& f, Session& s) {
    if (!s.logged_in()) {
        s.flash = message(page_language(s), "admin.access.log_in");
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
    return forbidden_page(f, s, message(page_language(s), "admin.access.staff_only"));
}

// GET /admin/: today's orders and revenue, the last 30 days' orders, products low on stock.
Response admin_dashboard_page(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    auto language = page_language(s);
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
    d.set("today_revenue", platform::i18n::format_money(language, today_cents));
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
        b.set("label", message(language, counted_key(language, "admin.dashboard.day", n),
                               {{"date", format_date(language, days[i])}, {"count", std::to_string(n)}}));
        bars.push_back(b);
    }
    d.set("bars", bars);
    d.set("chart_first", format_date(language, days.front()));
    d.set("chart_last", format_date(language, days.back()));
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
    return admin_page(f, s, "dashboard", "admin_dashboard", d, message(language, "admin.dashboard.title"));
}

// GET /admin/commandes?statut=&q=&page=
Response admin_orders_page(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    auto language = page_language(s);
    Target target = Target{"apis", "orders"}.slash().query("per_page", "20");
    std::string status(r.query_param("statut").value_or(""));
    std::string q = staff_search(r);
    std::string page(r.query_param("page").value_or(""));
    // The statuses the list may be filtered on (GET /apis/orders/?status=).
    if (!status.empty() && is_order_status(status)) target.query("status", status);
    else status.clear();
    if (!q.empty()) target.query("q", q);
    if (!page.empty() && page.size() < 6 && std::all_of(page.begin(), page.end(), ::isdigit)) target.query("page", page);
    else page = "1";
    mustache::data d;
    d.set("q", q);
    mustache::list statuses;
    for (std::string_view code : kOrderStatuses) {
        mustache::data o;
        o.set("value", std::string(code));
        o.set("label", order_status_text(language, StatusWords::staff, code));
        o.set("selected", flag(status == code));
        statuses.push_back(o);
    }
    d.set("statuses", statuses);
    auto orders = fetch_orders(f, s, target);
    d.set("available", flag(orders.has_value()));
    mustache::list rows;
    if (orders)
        for (const auto& v : orders->at("items").as_array()) rows.push_back(order_row(language, v.as_object()));
    d.set("empty", flag(rows.empty()));
    d.set("orders", rows);
    return admin_page(f, s, "orders", "admin_orders", d, message(language, "admin.orders.title"));
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
    auto language = page_language(s);
    // The lines, totals and address (templates/order_details.mustache, the shop's).
    auto d = order_details(language, o);
    auto status = text_of(o, "status");
    d.set("status", order_status_text(language, StatusWords::staff, status));
    d.set("date", format_date(language, text_of(o, "created_at")));
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
                row.set("when", history_when(language, text_of(e, "at")));
                row.set("what", order_event_label(language, e));
                row.set("who", history_who(language, e));
                row.set("detail", order_event_details(language, e));
                history.push_back(row);
            }
    }
    d.set("history", history);
    d.set("has_history", flag(!history.empty()));
    return admin_page(f, s, "orders", "admin_order", d, message(language, "admin.order.title", {{"reference", reference}}));
}

// POST /admin/commandes/{reference}/{expedition|livraison|annulation}
Response admin_order_action(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    auto form = read_form(r);
    check_csrf(form, s);
    auto reference = std::string(r.param("reference"));
    if (!platform::is_order_reference(reference)) return not_found_page(f, s);
    auto action = std::string(r.param("action"));
    auto language = page_language(s);
    boost::json::object body;
    std::string done;
    Target target{"apis", "orders", reference};
    if (action == "expedition") {
        target.segment("shipment");
        body = {{"carrier", field(form, "carrier")}, {"tracking", field(form, "tracking")}};
        done = message(language, "admin.order.shipped");
    } else if (action == "livraison") {
        target.segment("delivery");
        done = message(language, "admin.order.delivered");
    } else if (action == "annulation") {
        if (field(form, "confirm") != "oui")
            return bad_request_page(f, s, message(language, "admin.order.confirm_cancel"));
        target.segment("cancellation");
        body = {{"reason", field(form, "reason")}};
        done = message(language, "admin.order.cancelled");
    } else {
        return not_found_page(f, s);
    }
    auto res = f.api.send("checkout", Verb::post, target, body, s.access_token);
    if (res.status == 200 || res.status == 201 || res.status == 204) {
        s.flash = done;
    } else {
        auto problem = ShopApi::problem_of(res);
        s.flash = res.status == 409        ? message(language, "admin.order.conflict")
                  : problem.detail.empty() ? message(language, "admin.order.refused_fields")
                                           : message(language, "admin.order.refused", {{"detail", problem.detail}});
    }
    s.changed = true;
    return f.views.redirect(s, Target{"admin", "commandes", reference});
}

}  // namespace rapidtrade::frontend
