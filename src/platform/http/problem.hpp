#pragma once
// The one place that turns errors into RFC 9457 application/problem+json answers, in the language
// the request asked for (Accept-Language, French by default): `detail` and each `errors[].message`
// are written from the catalogue (src/messages/<language>/api.json); `type`, `title`, `status`,
// field names and extensions stay the same in every language. The answer says its language
// (Content-Language) and that it depends on Accept-Language (Vary).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/errors.hpp"
#include "platform/http/message.hpp"
#include "platform/i18n/language.hpp"

namespace rapidtrade::platform::http {

Response problem_response(const HttpError& error, i18n::Language language, std::string_view instance = {});
// The language of the answers to `request` (its Accept-Language).
i18n::Language answer_language(const RawRequest& request);
// Marks `res` as said in `language`: Content-Language, and Vary: Accept-Language so that a cache
// keeps one answer per language (problems, and the answers whose texts follow the language).
void say_in(Response& res, i18n::Language language);

// A problem+json answer received from another service, member by member: a member that is missing
// or not a string stays empty, an error without a string "field" is skipped. Its texts are in the
// language the call asked for.
struct ReceivedField {
    std::string field;
    std::string message;
};
struct ReceivedProblem {
    std::string title;
    std::string detail;
    std::string reason;                  // e.g. why a payment was refused
    std::vector<ReceivedField> fields;   // "errors": [{"field", "message"}]
};
// nullopt when `body` is not a JSON object.
std::optional<ReceivedProblem> read_problem(std::string_view body);

}  // namespace rapidtrade::platform::http
