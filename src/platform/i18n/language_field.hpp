#pragma once
// The "language" member of an API request: the language of the e-mails an order or a password
// reset request leads to, or the one a customer's profile keeps.
#include <optional>
#include <vector>

#include <boost/json/object.hpp>

#include "platform/errors.hpp"
#include "platform/i18n/language.hpp"

namespace rapidtrade::platform::i18n {

// `field` of `body`, optional: absent or null gives the default (French); exactly "fr" or "en"
// gives that language; anything else (another case, a region such as "en-GB", spaces, a number...)
// adds an error naming `field` (api.field.language) and gives the default. The value is never
// echoed in the error.
Language read_language(const boost::json::object& body, const char* field, std::vector<FieldError>& errors);

// `field` of `body` where its absence means "unchanged" or "the caller's default" (a customer's
// profile): absent gives nullopt; exactly "fr" or "en" gives that language; anything else, null
// included, adds `refusal` naming `field` and gives nullopt. The value is never echoed in the error.
std::optional<Language> read_language_if_present(const boost::json::object& body, const char* field, const Msg& refusal,
                                                 std::vector<FieldError>& errors);

}  // namespace rapidtrade::platform::i18n
