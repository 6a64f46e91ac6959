#include <chrono>
#include <ctime>
#include <map>

#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/log.hpp"
#include "platform/money.hpp"
#include "platform/service.hpp"
#include "platform/validation.hpp"
#include "services/payment/card.hpp"
#include "services/payment/handlers/handlers.hpp"

namespace rapidtrade::payment::handlers {
namespace {

std::pair<int, int> current_year_month() {
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    return {tm.tm_year + 1900, tm.tm_mon + 1};
}

// 402 with the machine-readable reason as an extension member of the problem.
platform::HttpError payment_refused(const std::string& reason) {
    static const std::map<std::string, const char*> kMessage = {
        {"invalid_number", "api.payment.invalid_number"},
        {"expired", "api.payment.expired"},
        {"invalid_cvv", "api.payment.invalid_cvv"},
        {"declined", "api.payment.declined"},
        {"insufficient_funds", "api.payment.insufficient_funds"},
    };
    platform::HttpError e(402, "Payment Required", platform::Msg(kMessage.at(reason)));
    e.extensions.emplace_back("reason", reason);
    return e;
}

}  // namespace

// POST /apis/payments/charges {amount, card, description?} (API key), Idempotency-Key honoured.
Response create_charge(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    auto body = request.json_object();
    std::vector<platform::FieldError> errors;
    platform::reject_unknown_fields(body, {"amount", "card", "description"}, errors);
    platform::Money amount;
    if (const auto* a = body.if_contains("amount"); a == nullptr) {
        errors.push_back({"amount", platform::Msg("api.field.required")});
    } else {
        try {
            amount = platform::money_from_json(*a, "amount");
            if (amount.amount == 0) errors.push_back({"amount.amount", platform::Msg("api.charge.amount_positive")});
        } catch (const platform::HttpError& e) {
            errors.insert(errors.end(), e.errors().begin(), e.errors().end());
        }
    }
    Card card;
    if (const auto* c = body.if_contains("card"); c == nullptr) errors.push_back({"card", platform::Msg("api.field.required")});
    else card = card_from_json(*c, errors);
    auto description = platform::read_text(body, "description", 0, 200, false, errors).value_or("");
    platform::throw_if_any(errors);

    std::string key(request.header("Idempotency-Key"));
    if (key.size() > 128) throw platform::BadRequest("Idempotency-Key", platform::Msg("api.field.max_chars", {{"max", "128"}}));
    // No look-up of the key first: the charge is written, and if the key was used already the
    // store answers with the first charge made with it (a retry is rare, a look-up costs every
    // charge a statement).
    auto [year, month] = current_year_month();
    auto reason = refusal_reason(card, year, month);
    Charge attempt{"ch_" + platform::random_token(18), amount.amount, amount.currency, brand_of(card.number),
                   card.number.substr(card.number.size() - 4), reason ? "failed" : "succeeded", reason.value_or(""), {}};
    auto charge = ctx.store.record(attempt, key, description);
    if (charge.id == attempt.id)
        platform::log::info("charge", {{"charge_id", charge.id}, {"status", charge.status}, {"brand", charge.brand},
                                       {"amount", charge.amount}});
    if (charge.status == "failed") throw payment_refused(charge.failure_reason);
    return platform::http::json_response(201, to_json(charge));
}

}  // namespace rapidtrade::payment::handlers
