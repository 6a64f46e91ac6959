#pragma once
// The optional "language" member of an API request (an order, a password reset request): the
// language of the e-mails it leads to.
#include <vector>

#include <boost/json/object.hpp>

#include "platform/errors.hpp"
#include "platform/i18n/language.hpp"

namespace rapidtrade::platform::i18n {

// `field` of `body`: absent or null gives the default (French); exactly "fr" or "en" gives that
// language; anything else (another case, a region such as "en-GB", spaces, a number...) adds an
// error naming `field` and gives the default. The value is never echoed in the error.
Language read_language(const boost::json::object& body, const char* field, std::vector<FieldError>& errors);

}  // namespace rapidtrade::platform::i18n
