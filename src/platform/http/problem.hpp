#pragma once
// The one place that turns errors into RFC 9457 application/problem+json answers.
#include <string_view>

#include "platform/errors.hpp"
#include "platform/http/message.hpp"

namespace rapidtrade::platform::http {

Response problem_response(const HttpError& error, std::string_view instance = {});
Response problem_response(unsigned status, std::string_view title, std::string_view detail,
                          std::string_view instance = {});

}  // namespace rapidtrade::platform::http
