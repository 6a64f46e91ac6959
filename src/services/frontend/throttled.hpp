#pragma once
// A form the auth service held back (429 with Retry-After: too many log-ins, wrong passwords or
// reset requests) is answered on the form itself, with how long to wait in the visitor's language,
// never as a service failure.
#include <string>

#include "platform/http/client.hpp"
#include "platform/i18n/language.hpp"
#include "services/frontend/views.hpp"

namespace rapidtrade::frontend {

// How long to wait, for the "{wait}" of a "too many" message: whole minutes rounded up ("1 minute",
// "5 minutes"), or "a few minutes" when `retry_after_seconds` is 0 (the answer said nothing the
// client believed: platform::http::parse_retry_after).
std::string wait_words(platform::i18n::Language language, int retry_after_seconds);

// The form's page, answered 429 with the service's Retry-After (when it gave one) for the browser.
Response throttled_page(Response page, const platform::http::ClientResponse& held);

}  // namespace rapidtrade::frontend
