#pragma once
// A refusal kept under an Idempotency-Key speaks the language of each replay (issue 17). When the
// refusal happens it is rendered in every language the shop speaks, all kept with the key; a
// replay takes the one its Accept-Language asks for, says so (Content-Language) and that it
// depends on it (Vary), like any problem. Only `detail` and `errors[].message` differ between them.
//
// A refusal whose texts another service wrote (Msg::verbatim: the payment's declined card or
// malformed card field, the catalogue's stock, the shipping's country; saga.cpp's forward_problem)
// was said in the placing request's language only, and nothing here can say it in another: it is
// kept and replayed in that language, with that Content-Language, rather than labelled as a
// translation it is not. A program reads `status`, `reason` and the field names, the same in all.
#include <string_view>
#include <vector>

#include "platform/errors.hpp"
#include "platform/http/message.hpp"
#include "platform/i18n/language.hpp"
#include "services/checkout/store.hpp"

namespace rapidtrade::checkout {

struct KeptRefusal {
    platform::http::Response first;          // the answer to the request that was refused
    std::vector<IdempotencyAnswer> answers;  // what to keep: every language, or only the one it was said in
};

// `error` (a 4xx) refused the request that asked in `asked`, at `instance` (its path).
KeptRefusal keep_refusal(const platform::HttpError& error, platform::i18n::Language asked, std::string_view instance);

// The answer to a request that replays `record` (done) asking in `asked`, with Idempotent-Replayed.
// An order (201), or a refusal kept before its languages were, is replayed byte for byte as sent.
platform::http::Response replay(const IdempotencyRecord& record, platform::i18n::Language asked);

}  // namespace rapidtrade::checkout
