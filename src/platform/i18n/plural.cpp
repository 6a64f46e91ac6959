#include "platform/i18n/plural.hpp"

namespace rapidtrade::platform::i18n {

std::string counted_key(Language language, std::string_view key, std::int64_t count) {
    bool one = language == Language::fr ? (count == 0 || count == 1) : count == 1;
    return std::string(key) + (one ? ".one" : ".other");
}

}  // namespace rapidtrade::platform::i18n
