#pragma once
// The one place that turns errors into RFC 9457 application/problem+json answers.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/errors.hpp"
#include "platform/http/message.hpp"

namespace rapidtrade::platform::http {

Response problem_response(const HttpError& error, std::string_view instance = {});
Response problem_response(unsigned status, std::string_view title, std::string_view detail,
                          std::string_view instance = {});

// A problem+json answer received from another service, member by member: a member that is missing
// or not a string stays empty, an error without a string "field" is skipped.
struct ReceivedProblem {
    std::string title;
    std::string detail;
    std::string reason;               // e.g. why a payment was refused
    std::vector<FieldError> fields;   // "errors": [{"field", "message"}]
};
// nullopt when `body` is not a JSON object.
std::optional<ReceivedProblem> read_problem(std::string_view body);

}  // namespace rapidtrade::platform::http
