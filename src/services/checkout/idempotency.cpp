#include "services/checkout/idempotency.hpp"

#include <boost/json/serialize.hpp>

#include "platform/encoding.hpp"
#include "platform/errors.hpp"
#include "platform/http/problem.hpp"
#include "platform/ids.hpp"

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
        auto replay = platform::http::bytes_response(existing->response_status, existing->response_body,
                                                     existing->response_status < 300
                                                         ? "application/json; charset=utf-8"
                                                         : "application/problem+json; charset=utf-8");
        replay.set("Idempotent-Replayed", "true");
        return replay;
    }
    platform::http::Response res;
    try {
        res = place(scoped_key);
    } catch (const platform::HttpError& e) {
        if (e.status() >= 500) {
            store_.abandon_idempotent(scoped_key);  // transient: a retry may try again
            throw;
        }
        // Kept and replayed as it is, in the language of the request that placed it (Content-Language).
        res = platform::http::problem_response(e, platform::http::answer_language(request.raw), request.path);
    } catch (...) {
        store_.abandon_idempotent(scoped_key);
        throw;
    }
    store_.finish_idempotent(scoped_key, res.result_int(), res.body());
    return res;
}

}  // namespace rapidtrade::checkout
