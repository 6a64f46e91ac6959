#include "platform/http/problem.hpp"
#include "platform/service.hpp"
#include "platform/validation.hpp"
#include "services/email/handlers/handlers.hpp"

namespace rapidtrade::email::handlers {

// POST /apis/emails/ {to, subject, text, html?, dedup_key?, customer_id?}: 202 queued, or 200 with the message
// already queued under the same dedup key (one order, one confirmation).
Response enqueue(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    platform::reject_unknown_fields(body, {"to", "subject", "text", "html", "dedup_key", "customer_id"}, errors);
    auto to = platform::read_email(body, "to", errors);
    auto subject = platform::read_text(body, "subject", 1, 200, true, errors);
    auto text = platform::read_text(body, "text", 1, 100000, true, errors);
    auto html = platform::read_text(body, "html", 0, 500000, false, errors);
    auto dedup = platform::read_text(body, "dedup_key", 1, 200, false, errors);
    auto customer = platform::read_text(body, "customer_id", 1, 64, false, errors);
    platform::throw_if_any(errors);
    Message m{{}, ctx.from, *to, *subject, *text, html.value_or("")};
    auto [stored, created] = ctx.outbox.enqueue(m, dedup.value_or(""), customer.value_or(""));
    if (created) {
        ctx.metrics.counter("rapidtrade_emails_total", "E-mails by delivery status", {{"status", "queued"}}).Increment();
        ctx.dispatcher.wake();
    }
    auto language = platform::http::answer_language(request.raw);
    return answer_in(language, created ? 202 : 200, to_json(stored, language));
}

}  // namespace rapidtrade::email::handlers
