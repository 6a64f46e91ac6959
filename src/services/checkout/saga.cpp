#include "platform/clock.hpp"
#include "services/checkout/saga.hpp"

#include <chrono>

#include <boost/json/parse.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include "platform/errors.hpp"
#include "platform/http/problem.hpp"
#include "platform/i18n/language_field.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "platform/validation.hpp"
#include "services/checkout/confirmation_email.hpp"

namespace rapidtrade::checkout {

using platform::http::Target;
using platform::http::Verb;

// Passes a refusal from another service on to our caller (the client already turned a 5xx into
// ServiceUnavailable): the same status and reason, with field names moved into our request's terms.
void forward_problem(const platform::http::ClientResponse& res, const std::string& field_prefix,
                     const std::string& upstream_field, const std::string& our_field) {
    auto problem = platform::http::read_problem(res.body);
    if (!problem)
        throw platform::ServiceUnavailable(
            platform::Msg("api.upstream.no_problem", {{"status", std::to_string(res.status)}}));
    // Its texts are in our request's language already (the client asked for it): passed on as they are.
    std::vector<platform::FieldError> fields;
    for (auto& [name, message] : problem->fields) {
        if (!upstream_field.empty() && name.starts_with(upstream_field)) name = our_field + name.substr(upstream_field.size());
        else name = field_prefix + name;
        fields.push_back({std::move(name), platform::Msg::verbatim(std::move(message))});
    }
    platform::HttpError err(static_cast<int>(res.status), problem->title, platform::Msg::verbatim(problem->detail),
                            std::move(fields));
    if (!problem->reason.empty()) err.extensions.emplace_back("reason", problem->reason);
    throw err;
}


namespace {

// A promo code refused (422 on promo_code); `reason` says why in every language (the shop's
// checkout page reads it).
platform::Unprocessable promo_refused(const char* reason, platform::Msg message) {
    platform::Unprocessable e("promo_code", std::move(message));
    e.extensions.emplace_back("reason", reason);
    return e;
}

}  // namespace

bool Saga::release_stock(const std::string& reference) {
    try {
        auto res = client_.request(up("catalog"), Verb::delete_, Target{"apis", "products", "reservations", reference});
        if (res.status < 300) return true;
        platform::log::error("stock_release_failed", {{"reference", reference}, {"status", static_cast<int>(res.status)}});
    } catch (const std::exception& e) {
        platform::log::error("stock_release_failed", {{"reference", reference}, {"error", e.what()}});
    }
    return false;  // the attempt stays on record: reconcile() tries again
}

bool Saga::refund(const std::string& charge_id) {
    try {
        auto res = client_.request(up("payment"), Verb::post, Target{"apis", "payments", "charges", charge_id, "refund"});
        // 422: a failed charge, nothing to refund.
        if (res.status < 300 || res.status == 422) return true;
        platform::log::error("refund_failed", {{"charge_id", charge_id}, {"status", static_cast<int>(res.status)}});
    } catch (const std::exception& e) {
        platform::log::error("refund_failed", {{"charge_id", charge_id}, {"error", e.what()}});
    }
    return false;
}

bool Saga::refund_attempt_charge(const std::string& reference) {
    try {
        auto res = client_.get(up("payment"),
                               Target{"apis", "payments", "charges"}.query("idempotency_key", charge_key(reference)));
        if (res.status != 200) return false;
        bool done = true;
        auto body = res.json();  // named: a range-for over a temporary's member would dangle
        for (const auto& c : body.at("items").as_array())
            if (c.at("status").as_string() == "succeeded") done &= refund(std::string(c.at("id").as_string()));
        return done;
    } catch (const std::exception& e) {
        platform::log::error("refund_failed", {{"reference", reference}, {"error", e.what()}});
        return false;
    }
}

void Saga::name_lines_in_language(Order& order) {
    auto language = platform::i18n::code(order.language);
    for (auto& line : order.lines) {
        try {
            auto res = client_.get(up("catalog"), Target{"apis", "products", line.product_id});
            if (res.status != 200) continue;  // a product deleted meanwhile: the stock step refuses it
            auto product = res.json();        // named: `name` points into it
            const auto* translations = product.as_object().if_contains("translations");
            const auto* texts = translations && translations->is_object() ? translations->as_object().if_contains(language)
                                                                           : nullptr;
            const auto* name = texts && texts->is_object() ? texts->as_object().if_contains("name") : nullptr;
            if (name && name->is_string() && !name->as_string().empty()) line.name = std::string(name->as_string());
        } catch (const std::exception& e) {
            // The French name then: an order is not refused for a translation.
            platform::log::warn("line_name_not_translated", {{"product_id", line.product_id}, {"error", e.what()}});
        }
    }
}

std::int64_t Saga::now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void Saga::commit(Order& order, const boost::json::value& card, const std::string& idempotency_key) {
    // On record before anything is reserved or charged, so that what cannot be undone now (a
    // service or the database down, the process killed) is undone later by reconcile().
    auto started = now_ms();
    store_.begin_attempt(order.reference, started, idempotency_key);
    enum class Charge { none, made, unknown } charged = Charge::none;
    bool maybe_reserved = false;
    bool left_to_reconcile = false;  // whether the order was stored is unknown: undo nothing here
    try {
        // 5. Stock, all lines or none.
        boost::json::array lines;
        for (const auto& l : order.lines) lines.push_back({{"product_id", l.product_id}, {"quantity", l.quantity}});
        maybe_reserved = true;
        auto reserved = client_.send_json(up("catalog"), Verb::post, Target{"apis", "products", "reservations"},
                                          {{"reservation_id", order.reference}, {"lines", std::move(lines)}});
        if (reserved.status != 201) {
            maybe_reserved = reserved.status >= 500;  // a clean refusal reserved nothing
            forward_problem(reserved);
        }

        // 6. Payment. A charge whose answer is lost or a 5xx may have happened: reconcile() looks it
        // up by its Idempotency-Key.
        charged = Charge::unknown;
        auto charge = client_.send_json(up("payment"), Verb::post, Target{"apis", "payments", "charges"},
                                        {{"amount", {{"amount", order.total}, {"currency", "EUR"}}},
                                         {"card", card},
                                         {"description", "Commande " + order.reference}},
                                        {{"Idempotency-Key", charge_key(order.reference)}});
        if (charge.status != 201) {
            if (charge.status < 500) charged = Charge::none;
            forward_problem(charge);
        }
        charged = Charge::made;
        auto c = charge.json().as_object();
        order.charge_id = std::string(c.at("id").as_string());
        order.card_brand = std::string(c.at("brand").as_string());
        order.card_last4 = std::string(c.at("last4").as_string());

        // 7. The order itself, unless this took so long that reconcile() may already be undoing it.
        if (now_ms() - started > reconcile_after_.count() / 2)
            throw platform::ServiceUnavailable(platform::Msg("api.order.too_slow"));
        order.created_at = platform::now_iso();
        try {
            store_.insert(order, idempotency_key);
        } catch (const std::exception& e) {
            platform::log::error("order_store_failed", {{"reference", order.reference}, {"error", e.what()}});
            // The insertion ends the attempt in the same transaction: whether the attempt is still
            // there tells whether the order was stored (a connection lost during COMMIT).
            bool stored = false;
            try {
                stored = !store_.attempt_exists(order.reference);
            } catch (const std::exception&) {
                // Unknown, the database being down: reconcile() will know, and undo only if needed.
                left_to_reconcile = true;
                throw platform::ServiceUnavailable(platform::Msg("api.order.unconfirmed"));
            }
            if (stored) return;
            throw platform::ServiceUnavailable(platform::Msg("api.order.not_recorded"));
        }
    } catch (...) {
        bool undone = !left_to_reconcile;
        if (!left_to_reconcile) {  // each undoing is tried, whatever the others did
            if (maybe_reserved) undone &= release_stock(order.reference);
            if (charged == Charge::made) undone &= refund(order.charge_id);
            if (charged == Charge::unknown) undone &= refund_attempt_charge(order.reference);
        }
        if (undone) {
            try {
                store_.end_attempt(order.reference);
            } catch (const std::exception&) {
                // Its database is down: reconcile() will find everything already undone.
            }
        } else {
            platform::log::warn("order_attempt_left_for_reconciliation", {{"reference", order.reference}});
        }
        throw;
    }
}

int Saga::reconcile(int limit) {
    int undone = 0;
    // An attempt that became an order was ended in the order's own transaction: every one still
    // here never became an order.
    for (const auto& attempt : store_.attempts_started_before(now_ms() - reconcile_after_.count(), limit)) {
        if (!release_stock(attempt.reference) || !refund_attempt_charge(attempt.reference)) continue;
        platform::log::info("order_attempt_undone", {{"reference", attempt.reference}});
        ++undone;
        // Nothing came of the request: a retry with its Idempotency-Key may place the order.
        if (!attempt.idempotency_key.empty()) store_.abandon_idempotent(attempt.idempotency_key);
        store_.end_attempt(attempt.reference);
    }
    return undone;
}

Order Saga::place(const boost::json::object& body, const std::optional<platform::auth::Claims>& customer,
                  const std::string& authorization, const std::string& idempotency_key) {
    // 1. The request itself.
    std::vector<platform::FieldError> errors;
    platform::reject_unknown_fields(body, {"cart_id", "email", "shipping_address", "card", "promo_code", "language"},
                                     errors);
    auto cart_id = platform::read_text(body, "cart_id", 1, 64, true, errors);
    auto email = platform::read_email(body, "email", errors);
    platform::Address address;
    if (const auto* a = body.if_contains("shipping_address")) address = platform::address_from_json(*a, "shipping_address", errors);
    else errors.push_back({"shipping_address", platform::Msg("api.field.required")});
    const auto* card = body.if_contains("card");
    if (card == nullptr || !card->is_object()) errors.push_back({"card", platform::Msg("api.card.required")});
    auto promo = platform::read_text(body, "promo_code", 0, 64, false, errors);
    if (promo && promo->empty()) promo.reset();
    auto language = platform::i18n::read_language(body, "language", errors);
    // Both go into other services' paths: checked against their owners' shapes first.
    if (cart_id && !platform::is_cart_id(*cart_id)) errors.push_back({"cart_id", platform::Msg("api.cart.not_an_id")});
    platform::throw_if_any(errors);
    if (promo && !platform::is_promo_code(*promo)) throw promo_refused("promo_unknown", platform::Msg("api.promotion.unknown"));

    std::vector<std::pair<std::string, std::string>> as_customer;
    if (!authorization.empty()) as_customer.emplace_back("Authorization", authorization);

    // 2. The cart, priced from the catalogue now.
    auto cart_res = client_.get(up("cart"), Target{"apis", "carts", *cart_id}, as_customer);
    if (cart_res.status == 404)
        throw platform::NotFound(platform::Msg("api.cart.not_found", {{"id", *cart_id}}), "cart_id",
                                 platform::Msg("api.cart.unknown"));
    if (cart_res.status != 200) forward_problem(cart_res);
    auto cart = cart_res.json().as_object();
    Order order;
    order.reference = platform::random_digits(13);
    order.customer_id = customer ? std::optional<std::string>(customer->subject) : std::nullopt;
    order.email = *email;
    order.shipping_address = address;
    order.cart_id = *cart_id;
    order.language = language;
    for (const auto& l : cart.at("lines").as_array()) {
        const auto& line = l.as_object();
        OrderLine ol{std::string(line.at("product_id").as_string()), std::string(line.at("name").as_string()),
                     line.at("unit_price").at("amount").as_int64(), line.at("quantity").as_int64(),
                     line.at("line_total").at("amount").as_int64()};
        order.subtotal += ol.line_total;
        order.lines.push_back(std::move(ol));
    }
    if (order.lines.empty()) throw platform::Unprocessable("cart_id", platform::Msg("api.cart.empty"));
    if (order.language != platform::i18n::kDefaultLanguage) name_lines_in_language(order);

    // 3. Promo code: logged-in customers only.
    if (promo) {
        if (!customer)
            throw promo_refused("promo_login_required", platform::Msg("api.promotion.login_required", {{"code", *promo}}));
        auto res = client_.get(up("catalog"), Target{"apis", "products", "promotions", *promo});
        if (res.status == 404)
            throw promo_refused("promo_unknown", platform::Msg("api.promotion.unknown_code", {{"code", *promo}}));
        if (res.status != 200) forward_problem(res);
        auto p = res.json().as_object();
        order.promo_code = std::string(p.at("code").as_string());
        order.promo_percent = p.at("percent_off").as_int64();
        // Cents, rounded half up: 30 % of 899,00 € is 269,70 €.
        order.discount = (order.subtotal * order.promo_percent + 50) / 100;
    }

    // 4. Shipping quote (before anything is reserved: a refusal costs nothing to undo).
    auto quote = client_.send_json(up("shipping"), Verb::post, Target{"apis", "shipping", "quote"},
                                   {{"address", platform::to_json(address)}});
    if (quote.status != 200) forward_problem(quote, "", "address", "shipping_address");
    auto q = quote.json().as_object();
    order.shipping = q.at("cost").at("amount").as_int64();
    order.shipping_service = std::string(q.at("service").as_string());
    order.total = order.subtotal - order.discount + order.shipping;

    // 5.-7. Reserve, charge, store: done by commit(), which undoes what it did on failure.
    commit(order, *card, idempotency_key);
    platform::log::info("order_placed", {{"reference", order.reference}, {"total", order.total},
                                         {"lines", static_cast<std::int64_t>(order.lines.size())}});

    // 8. The cart empties now (the customer sees it at once); the e-mail and the shipment are the
    // caller's to schedule (follow_up), off the answer's path.
    try {
        client_.request(up("cart"), Verb::delete_, Target{"apis", "carts", order.cart_id}, {}, as_customer);
    } catch (const std::exception& e) {
        platform::log::warn("cart_not_emptied", {{"reference", order.reference}, {"error", e.what()}});
    }
    return order;
}

OrderStore::FollowUp Saga::request_follow_up(const Order& order, bool& done) {
    OrderStore::FollowUp result{order.reference, false, std::nullopt};
    try {
        auto mail = confirmation_email(order);
        boost::json::object request{{"to", order.email},
                                    {"subject", mail.subject},
                                    {"text", mail.text},
                                    {"html", mail.html},
                                    {"dedup_key", "order-confirmation-" + order.reference}};
        if (order.customer_id) request["customer_id"] = *order.customer_id;  // whose mailbox shows it
        auto res = client_.send_json(up("email"), Verb::post, Target{"apis", "emails"}.slash(), request);
        if (res.status == 202 || res.status == 200) result.confirmation_queued = true;
        else done = false;
    } catch (const std::exception& e) {
        platform::log::warn("confirmation_not_queued", {{"reference", order.reference}, {"error", e.what()}});
        done = false;
    }
    if (!order.tracking_id) {
        try {
            auto res = client_.send_json(up("shipping"), Verb::post, Target{"apis", "shipping", "shipments"},
                                         {{"order_reference", order.reference},
                                          {"address", platform::to_json(order.shipping_address)}});
            if (res.status == 201 || res.status == 200)
                result.tracking_id = std::string(res.json().at("tracking_id").as_string());
            else done = false;
        } catch (const std::exception& e) {
            platform::log::warn("shipment_not_requested", {{"reference", order.reference}, {"error", e.what()}});
            done = false;
        }
    }
    return result;
}

bool Saga::follow_up(const Order& order) { return follow_up(std::vector<Order>{order}); }

bool Saga::follow_up(const std::vector<Order>& orders) {
    bool done = true;
    std::vector<OrderStore::FollowUp> achieved;
    for (const auto& order : orders) achieved.push_back(request_follow_up(order, done));
    // One write for all (one commit per burst of orders); what was not achieved is retried later,
    // and both calls are idempotent (the e-mail's dedup key, one shipment per order).
    try {
        store_.record_follow_ups(achieved);
    } catch (const std::exception& e) {
        platform::log::warn("follow_up_not_recorded", {{"orders", static_cast<std::int64_t>(orders.size())}, {"error", e.what()}});
        done = false;
    }
    return done;
}

}  // namespace rapidtrade::checkout
