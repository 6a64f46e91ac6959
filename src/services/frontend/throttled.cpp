#include "services/frontend/throttled.hpp"

#include "platform/i18n/messages.hpp"
#include "platform/i18n/plural.hpp"

namespace rapidtrade::frontend {

std::string wait_words(platform::i18n::Language language, int retry_after_seconds) {
    if (retry_after_seconds <= 0) return platform::i18n::message(language, "shop.wait.unknown");
    // Rounded up: "try again in 4 minutes" when 4 min 10 s are left would send the visitor back too early.
    std::int64_t minutes = (static_cast<std::int64_t>(retry_after_seconds) + 59) / 60;
    return platform::i18n::message(language, platform::i18n::counted_key(language, "shop.wait.minutes", minutes),
                                   {{"count", std::to_string(minutes)}});
}

Response throttled_page(Response page, const platform::http::ClientResponse& held) {
    page.result(429);
    if (held.retry_after > 0) page.set(boost::beast::http::field::retry_after, std::to_string(held.retry_after));
    return page;
}

}  // namespace rapidtrade::frontend
