#include "services/auth/reset_email.hpp"

#include "platform/i18n/messages.hpp"
#include "services/auth/assets.hpp"

namespace rapidtrade::auth {

namespace {

using platform::i18n::message;

// "1 heure", "30 minutes", "2 hours": the lifetime as a person reads it, in `language`.
std::string duration(platform::i18n::Language language, std::chrono::seconds d) {
    auto s = d.count();
    auto say = [&](const char* one, const char* many, long long n) {
        return message(language, n == 1 ? one : many, {{"n", std::to_string(n)}});
    };
    if (s >= 3600 && s % 3600 == 0) return say("email.duration.hour", "email.duration.hours", s / 3600);
    if (s >= 60 && s % 60 == 0) return say("email.duration.minute", "email.duration.minutes", s / 60);
    return say("email.duration.second", "email.duration.seconds", s);
}

}  // namespace

ResetEmail password_reset_email(const std::string& link, std::chrono::seconds valid_for,
                                platform::i18n::Language language) {
    kainjow::mustache::data values;
    values.set("link", link);
    values.set("lasts", duration(language, valid_for));
    return platform::render_email(embedded_files(), "password_reset", language, message(language, "email.reset.subject"),
                                  std::move(values));
}

}  // namespace rapidtrade::auth
