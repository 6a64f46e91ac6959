#pragma once
// The language of the request a thread is handling, read from its Accept-Language by the HTTP
// pipeline, so that a call to another service made while handling it asks for the same language
// (http/client.cpp sends it on): a refusal that service answers comes back in the caller's
// language and can be passed on as it is. A handler runs on one thread, unsuspended; scopes nest
// (an in-process call runs the other service's pipeline inside ours).
#include <optional>

#include "platform/i18n/language.hpp"

namespace rapidtrade::platform::i18n {

class ScopedRequestLanguage {
public:
    explicit ScopedRequestLanguage(Language language);
    ~ScopedRequestLanguage();
    ScopedRequestLanguage(const ScopedRequestLanguage&) = delete;
    ScopedRequestLanguage& operator=(const ScopedRequestLanguage&) = delete;

private:
    std::optional<Language> previous_;
};

// nullopt outside any request (a background task, a command).
std::optional<Language> current_request_language();

}  // namespace rapidtrade::platform::i18n
