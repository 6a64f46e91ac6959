#include "platform/i18n/request_language.hpp"

namespace rapidtrade::platform::i18n {
namespace {

thread_local std::optional<Language> t_language;

}  // namespace

ScopedRequestLanguage::ScopedRequestLanguage(Language language) : previous_(t_language) { t_language = language; }

ScopedRequestLanguage::~ScopedRequestLanguage() { t_language = previous_; }

std::optional<Language> current_request_language() { return t_language; }

}  // namespace rapidtrade::platform::i18n
