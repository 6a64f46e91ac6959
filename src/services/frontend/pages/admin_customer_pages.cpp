// The back-office's customers (/admin/clients): search, a customer's page with their orders, their
// data as a file, and erasure after a confirmation, and what staff did to the record (its history).
// The customers service decides and records everything (with the staff member's token); these
// pages show it in the page's language.
#include <optional>

#include "platform/errors.hpp"
#include "platform/i18n/format.hpp"
#include "platform/i18n/messages.hpp"
#include "platform/i18n/plural.hpp"
#include "platform/ids.hpp"
#include "services/frontend/frontend.hpp"
#include "services/frontend/history_view.hpp"
#include "services/frontend/order_status.hpp"
#include "services/frontend/page_language.hpp"
#include "services/frontend/pages/admin_text.hpp"

namespace rapidtrade::frontend {

using platform::http::Target;
using platform::http::Verb;
using platform::i18n::counted_key;
using platform::i18n::format_date;
using platform::i18n::message;

namespace {

const boost::json::array* items_of(const boost::json::value& v) {
    if (!v.is_object()) return nullptr;
    const auto* items = v.as_object().if_contains("items");
    return items && items->is_array() ? &items->as_array() : nullptr;
}

// One of the customer's orders as a row of their page: the customer's own words for its status
// ("Confirmée" where the order lists say "Payée"), as on their "Mes commandes".
mustache::data order_row(Language language, const boost::json::object& o) {
    mustache::data d;
    d.set("reference", text_of(o, "reference"));
    d.set("date", format_date(language, text_of(o, "created_at")));
    d.set("total", price(language, o.at("total")));
    d.set("status", order_status_text(language, StatusWords::customer, text_of(o, "status")));
    std::int64_t items = 0;
    for (const auto& l : o.at("lines").as_array()) items += l.at("quantity").as_int64();
    d.set("items", message(language, counted_key(language, "admin.customer.items", items),
                           {{"count", std::to_string(items)}}));
    return d;
}

// The newest entries of the customer's history (one page); nullopt when the service cannot say.
std::optional<mustache::list> customer_history(Frontend& f, Session& s, const std::string& id) {
    auto res = f.api.customer_history(id, s.access_token);
    if (res.status != 200) return std::nullopt;
    return history_rows(page_language(s), res.json(), customer_event);
}

}  // namespace

// What was done to a customer's record (GET /apis/customers/{id}/history's `event`).
std::string customer_event(Language language, const boost::json::object& entry) {
    auto event = text_of(entry, "event");
    if (event == "exported") {
        const auto* details = entry.if_contains("details");
        const auto* orders = details && details->is_object() ? details->as_object().if_contains("orders") : nullptr;
        if (orders && orders->is_int64())
            return message(language, counted_key(language, "admin.customer.event.exported_orders", orders->as_int64()),
                           {{"count", std::to_string(orders->as_int64())}});
        return message(language, "admin.customer.event.exported");
    }
    if (event == "erasure_requested" || event == "erasure_finished")
        return message(language, "admin.customer.event." + event);
    return event;
}

// GET /admin/clients?q=
Response admin_customers_page(Frontend& f, const Request& r, Session& s) {
    if (auto refusal = refuse_unless_staff(f, s)) return std::move(*refusal);
    auto language = page_language(s);
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
            row.set("since", format_date(language, text_of(c, "created_at")));
            rows.push_back(row);
        }
    mustache::data d;
    d.set("q", q);
    d.set("customers", rows);
    d.set("empty", flag(rows.empty()));
    return admin_page(f, s, "customers", "admin_customers", d, message(language, "admin.customers.title"));
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
    auto language = page_language(s);
    mustache::data d;
    d.set("id", id);
    d.set("name", text_of(c, "first_name") + " " + text_of(c, "last_name"));
    d.set("email", text_of(c, "email"));
    d.set("since", format_date(language, text_of(c, "created_at")));
    mustache::list orders;
    auto o = f.api.get("checkout", Target{"apis", "orders", "customers", id}, s.access_token);
    d.set("orders_available", flag(o.status == 200));
    if (o.status == 200) {
        auto list = o.json();
        if (const auto* items = items_of(list))
            for (const auto& v : *items)
                if (v.is_object()) orders.push_back(order_row(language, v.as_object()));
    }
    d.set("orders", orders);
    d.set("no_orders", flag(orders.empty()));
    set_history(d, customer_history(f, s, id), message(language, "admin.customer.history_empty"));
    return admin_page(f, s, "customers", "admin_customer", d, message(language, "admin.customer.title", {{"id", id}}));
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
        return bad_request_page(f, s, message(page_language(s), "admin.customer.confirm_erase"));
    auto res = f.api.send("customers", Verb::delete_, Target{"apis", "customers", id}, boost::json::object{},
                          s.access_token);
    if (res.status == 404) return not_found_page(f, s);
    if (res.status != 202 && res.status != 204)
        throw platform::ServiceUnavailable(platform::Msg("api.upstream.answered", {{"service", "erasure"}, {"status", std::to_string(res.status)}}));
    s.flash = message(page_language(s), res.status == 204 ? "admin.customer.erased" : "admin.customer.erasure_pending");
    s.changed = true;
    return f.views.redirect(s, Target{"admin", "clients"});
}

}  // namespace rapidtrade::frontend
