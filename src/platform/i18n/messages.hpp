#pragma once
// The catalogue of messages: every text a shopper, a member of staff or an API client reads, in
// every language, from the project's files src/messages/<language>/<area>.json (flat objects of
// "key": "text", compiled into the binary). One file per area (shop pages, back-office, e-mails,
// API errors) so that each part of the code finds its texts in one place; a key is unique across
// the areas of a language. Texts may hold named slots, "{name}", filled by message(..., values).
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/i18n/language.hpp"

namespace rapidtrade::platform::i18n {

using Messages = std::map<std::string, std::string, std::less<>>;

// Every message of `language`. Loaded once, on first use; a file that is not a flat JSON object of
// strings, or a key in two files of one language, throws std::logic_error (a bug of the build).
const Messages& messages(Language language);

// The text of `key` in `language`, the French text if that language lacks it (the tests forbid it,
// see tests/unit/messages_test.cpp). A key missing in French too throws std::logic_error: a typo
// in the code, which the first test that renders it finds.
const std::string& message(Language language, std::string_view key);

using Values = std::initializer_list<std::pair<std::string_view, std::string_view>>;
// The same with its slots filled: "{name}" becomes the value named "name". A slot with no value is
// left as written; values are inserted as they are (escape them where the text goes: the templates
// escape, e-mail and problem+json are not HTML).
std::string message(Language language, std::string_view key, Values values);
// The same with values known only at run time (an API error's slots, platform/errors.hpp).
using OwnedValues = std::vector<std::pair<std::string, std::string>>;
std::string message(Language language, std::string_view key, const OwnedValues& values);

}  // namespace rapidtrade::platform::i18n
