#include <algorithm>
#include <cctype>
#include <string_view>

#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "platform/service.hpp"
#include "platform/text.hpp"
#include "platform/validation.hpp"
#include "services/checkout/handlers/handlers.hpp"

namespace rapidtrade::checkout::handlers {
namespace {

// Who asks (a staff member: 401 without a token, 403 for a customer's) and which order, checked
// in that order: nothing about an order is said to someone who may not see it.
struct StaffOnOrder {
    Staff by;
    std::string reference;
};

StaffOnOrder staff_and_order(Context& ctx, const Request& request) {
    auto claims = platform::require_staff(request, ctx.tokens);
    const auto& reference = request.param("reference");
    if (!platform::is_order_reference(reference) || !ctx.store.status_of(reference))
        throw platform::NotFound(platform::is_order_reference(reference)
                                     ? platform::Msg("api.order.not_found", {{"reference", reference}})
                                     : platform::Msg("api.order.unknown_reference"));
    return {{claims.subject, claims.email}, reference};
}

bool has_control_character(std::string_view s, bool newlines_allowed) {
    for (unsigned char c : s)
        if ((c < 0x20 && !(newlines_allowed && c == '\n')) || c == 0x7F) return true;
    return false;
}

// A text field of the body: 1 to `max` characters, no control character (a line break only where
// `newlines_allowed`). The body is valid UTF-8 already (Request::json refuses it otherwise); it is
// checked again here because the text goes into e-mails.
std::optional<std::string> read_line(const boost::json::object& body, const char* field, std::size_t max,
                                     bool newlines_allowed, std::vector<platform::FieldError>& errors) {
    auto text = platform::read_text(body, field, 1, max, true, errors);
    if (!text) return std::nullopt;
    if (!platform::is_valid_utf8(*text) || has_control_character(*text, newlines_allowed)) {
        errors.push_back({field, platform::Msg("api.field.control_characters")});
        return std::nullopt;
    }
    return text;
}

// The change did not apply: the order is not in the status it comes from (409), or it is gone.
// `rule`: the message saying which status the change needs, with slots {reference} and {status}.
[[noreturn]] void refused(Context& ctx, const std::string& reference, const char* rule) {
    auto status = ctx.store.status_of(reference);
    if (!status) throw platform::NotFound(platform::Msg("api.order.not_found", {{"reference", reference}}));
    throw platform::Conflict(platform::Msg(rule, {{"reference", reference}, {"status", *status}}));
}

// Does what the change left to do, then answers the order as it is now. A task that cannot be done
// at once (a service or the database down) is left to the follow-up thread: the change stands, and
// the order shows what is done (refunded_at...).
Response answer(Context& ctx, const std::string& reference) {
    try {
        ctx.changes.finish(reference);
    } catch (const std::exception& e) {
        platform::log::warn("order_tasks_left", {{"reference", reference}, {"error", e.what()}});
    }
    auto order = ctx.store.find(reference);
    if (!order) throw platform::NotFound(platform::Msg("api.order.not_found", {{"reference", reference}}));
    return platform::http::json_response(200, to_json(*order));
}

}  // namespace

// POST /apis/orders/{reference}/shipment {carrier, tracking} (staff): paid -> shipped; the
// customer is e-mailed the carrier and tracking number.
Response ship_order(Context& ctx, const Request& request) {
    auto [by, reference] = staff_and_order(ctx, request);
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    platform::reject_unknown_fields(body, {"carrier", "tracking"}, errors);
    auto carrier = read_line(body, "carrier", 64, false, errors);
    auto tracking = read_line(body, "tracking", 64, false, errors);
    if (tracking && !std::all_of(tracking->begin(), tracking->end(), [](unsigned char c) {
            return std::isalnum(c) || c == '-' || c == ' ';
        }))
        errors.push_back({"tracking", platform::Msg("api.order.tracking_format")});
    platform::throw_if_any(errors);
    if (!ctx.store.ship(reference, *carrier, *tracking, by)) refused(ctx, reference, "api.order.ship_needs_paid");
    return answer(ctx, reference);
}

// POST /apis/orders/{reference}/delivery (staff; no body, or {}): shipped -> delivered.
Response deliver_order(Context& ctx, const Request& request) {
    auto [by, reference] = staff_and_order(ctx, request);
    if (!request.raw.body().empty()) {
        auto body = request.json_object();
        std::vector<platform::FieldError> errors;
        platform::reject_unknown_fields(body, {}, errors);
        platform::throw_if_any(errors);
    }
    if (!ctx.store.deliver(reference, by)) refused(ctx, reference, "api.order.deliver_needs_shipped");
    return answer(ctx, reference);
}

// POST /apis/orders/{reference}/cancellation {reason} (staff): paid -> cancelled; the charge is
// refunded in full, the stock given back, the customer e-mailed the refund (order_changes.hpp).
Response cancel_order(Context& ctx, const Request& request) {
    auto [by, reference] = staff_and_order(ctx, request);
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    platform::reject_unknown_fields(body, {"reason"}, errors);
    auto reason = read_line(body, "reason", 500, true, errors);
    platform::throw_if_any(errors);
    if (!ctx.store.cancel(reference, *reason, by)) refused(ctx, reference, "api.order.cancel_needs_paid");
    return answer(ctx, reference);
}

// GET /apis/orders/{reference}/history (staff): the placing, then every change, oldest first.
Response order_history(Context& ctx, const Request& request) {
    auto [by, reference] = staff_and_order(ctx, request);
    boost::json::array items;
    for (const auto& e : ctx.store.history(reference)) items.push_back(to_json(e));
    return platform::http::json_response(200, {{"reference", reference}, {"items", std::move(items)}});
}

}  // namespace rapidtrade::checkout::handlers
