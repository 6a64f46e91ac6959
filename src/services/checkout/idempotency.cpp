#include "services/checkout/idempotency.hpp"

#include <boost/json/serialize.hpp>

#include "platform/encoding.hpp"
#include "platform/errors.hpp"
#include "platform/http/problem.hpp"
#include "platform/ids.hpp"
#include "services/checkout/kept_refusal.hpp"

namespace rapidtrade::checkout {

platform::http::Response Idempotency::answer_once(const platform::http::Request& request, const std::string& scope,
                                                  const boost::json::object& body, const Place& place) {
    std::string key(request.header("Idempotency-Key"));
    if (request.raw.find("Idempotency-Key") != request.raw.end() && !platform::is_idempotency_key(key))
        throw platform::BadRequest("Idempotency-Key", platform::Msg("api.order.idempotency_key_format"));
    if (key.empty()) return place("");

    auto scoped_key = scope + ":" + key;
    auto hash = platform::sha256_hex(boost::json::serialize(body));
    if (auto existing = store_.begin_idempotent(scoped_key, hash)) {
        if (existing->request_hash != hash)
            throw platform::Conflict(platform::Msg("api.order.idempotency_key_reused"));
        if (existing->status != "done")
            throw platform::Conflict(platform::Msg("api.order.idempotency_key_in_progress"));
        return replay(*existing, platform::http::answer_language(request.raw));
    }
    platform::http::Response res;
    std::vector<IdempotencyAnswer> answers;
    try {
        res = place(scoped_key);
    } catch (const platform::HttpError& e) {
        if (e.status() >= 500) {
            store_.abandon_idempotent(scoped_key);  // transient: a retry may try again
            throw;
        }
        // Kept in every language, so that a retry is answered in its own (kept_refusal.hpp).
        auto kept = keep_refusal(e, platform::http::answer_language(request.raw), request.path);
        res = std::move(kept.first);
        answers = std::move(kept.answers);
    } catch (...) {
        store_.abandon_idempotent(scoped_key);
        throw;
    }
    store_.finish_idempotent(scoped_key, res.result_int(), res.body(), answers);
    return res;
}

}  // namespace rapidtrade::checkout
