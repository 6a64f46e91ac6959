#include "platform/errors.hpp"
#include "platform/http/problem.hpp"
#include "platform/ids.hpp"
#include "platform/paging.hpp"
#include "platform/service.hpp"
#include "platform/validation.hpp"
#include "services/email/handlers/handlers.hpp"

namespace rapidtrade::email::handlers {
namespace {

// Whose mail the caller may read. The API key says which service calls, not for whom: with a
// customer's token, only the mail sent for that customer (their orders' confirmations: not mail
// to their address, which anyone may sign up with); with the key alone, the whole outbox
// (operators, and the local mailbox in its explicit demo mode).
std::optional<std::string> reader(Context& ctx, const Request& request) {
    platform::require_api_key(request, ctx.api_keys);
    if (request.header("Authorization").empty()) return std::nullopt;
    return platform::auth::require_bearer(request, ctx.tokens).subject;
}

}  // namespace

// GET /apis/emails/?to=...: for operators, and each customer's own mailbox.
Response list_messages(Context& ctx, const Request& request) {
    auto own = reader(ctx, request);
    auto language = platform::http::answer_language(request.raw);
    auto paging = platform::parse_paging(request);
    MailFilter filter;
    if (own) filter.customer_id = *own;
    else filter.to = platform::normalize_email(request.query_param("to").value_or(""));
    boost::json::array items;
    for (const auto& m : ctx.outbox.list(filter, paging.per_page, paging.offset())) items.push_back(to_json(m, language));
    return answer_in(language, 200, platform::paged(std::move(items), paging, ctx.outbox.count(filter)));
}

Response get_message(Context& ctx, const Request& request) {
    auto own = reader(ctx, request);
    const auto& id = request.param("id");
    auto m = platform::is_email_id(id) ? ctx.outbox.find(id) : std::nullopt;
    if (!m || (own && m->customer_id != *own)) throw platform::NotFound(platform::Msg("api.email.not_found", {{"id", id}}));
    auto language = platform::http::answer_language(request.raw);
    return answer_in(language, 200, to_json(*m, language));
}

}  // namespace rapidtrade::email::handlers
