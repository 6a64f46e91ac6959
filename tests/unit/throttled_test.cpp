// A throttled form (429 with Retry-After) tells the visitor how long to wait, in their language:
// the wait read from the service's Retry-After, and said in whole minutes rounded up.
#include <gtest/gtest.h>

#include "platform/http/client.hpp"
#include "platform/i18n/messages.hpp"
#include "services/frontend/throttled.hpp"

using rapidtrade::frontend::wait_words;
using rapidtrade::platform::http::parse_retry_after;
using rapidtrade::platform::i18n::Language;

TEST(RetryAfter, DelaySecondsOnly) {
    EXPECT_EQ(parse_retry_after("1"), 1);
    EXPECT_EQ(parse_retry_after("300"), 300);
    EXPECT_EQ(parse_retry_after("604800"), 604800);  // a week: the longest wait believed
    EXPECT_EQ(parse_retry_after("0300"), 300);
}

TEST(RetryAfter, AnythingElseIsNotBelieved) {
    for (const char* value : {"", "0", "000000", "604801", "9999999", "99999999999999999999", "-5", "+5", " 5", "5 ",
                              "5.0", "5s", "0x10", "Wed, 21 Oct 2015 07:28:00 GMT", "\xC3\xA9"})
        EXPECT_EQ(parse_retry_after(value), std::nullopt) << value;
    EXPECT_EQ(parse_retry_after(std::string_view("5\0", 2)), std::nullopt);
}

TEST(WaitWords, WholeMinutesRoundedUpInEachLanguage) {
    EXPECT_EQ(wait_words(Language::fr, 300), "5 minutes");
    EXPECT_EQ(wait_words(Language::en, 300), "5 minutes");
    EXPECT_EQ(wait_words(Language::fr, 299), "5 minutes");
    EXPECT_EQ(wait_words(Language::en, 241), "5 minutes");  // 4 min 1 s: not "4 minutes"
    EXPECT_EQ(wait_words(Language::fr, 1), "1 minute");
    EXPECT_EQ(wait_words(Language::en, 60), "1 minute");
    EXPECT_EQ(wait_words(Language::en, 61), "2 minutes");
    EXPECT_EQ(wait_words(Language::fr, 604800), "10080 minutes");
}

TEST(WaitWords, AnUnknownWaitIsAFewMinutes) {
    EXPECT_EQ(wait_words(Language::fr, 0), "quelques minutes");
    EXPECT_EQ(wait_words(Language::en, 0), "a few minutes");
    EXPECT_EQ(wait_words(Language::en, -3), "a few minutes");
}

TEST(WaitWords, MakeTheFormsMessages) {
    using rapidtrade::platform::i18n::message;
    EXPECT_EQ(message(Language::en, "shop.account.error.too_many", {{"wait", wait_words(Language::en, 300)}}),
              "Too many attempts with a wrong password: try again in 5 minutes.");
    EXPECT_EQ(message(Language::fr, "shop.account.error.too_many", {{"wait", wait_words(Language::fr, 60)}}),
              "Trop de tentatives avec un mauvais mot de passe : réessayez dans 1 minute.");
    EXPECT_EQ(message(Language::fr, "shop.login.error.too_many", {{"wait", wait_words(Language::fr, 0)}}),
              "Trop de tentatives de connexion. Réessayez dans quelques minutes.");
}
