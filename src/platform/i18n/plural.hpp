#pragma once
// Singular or plural: which message of a pair "<key>.one" / "<key>.other" says a count of things
// in a language ("{count} commande" / "{count} commandes", "{count} order" / "{count} orders").
#include <cstdint>
#include <string>
#include <string_view>

#include "platform/i18n/language.hpp"

namespace rapidtrade::platform::i18n {

// `key` + ".one" or ".other" for `count` things, by the language's rule: French puts 0 and 1 in
// the singular ("0 commande", "1 commande"), English only 1 ("0 orders", "1 order").
std::string counted_key(Language language, std::string_view key, std::int64_t count);

}  // namespace rapidtrade::platform::i18n
