// A request body's "language" field (platform/i18n/language_field.hpp), read the two ways the
// services read it: with French for "not said" (orders, password resets) and as "absent" (a
// customer's profile), each with its own refusal.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "platform/i18n/language_field.hpp"

namespace {

using namespace rapidtrade::platform;
using i18n::Language;

boost::json::object body(const char* json) { return boost::json::parse(json).as_object(); }

TEST(LanguageField, AbsentOrNullIsFrenchForAnOrder) {
    std::vector<FieldError> errors;
    EXPECT_EQ(i18n::read_language(body("{}"), "language", errors), Language::fr);
    EXPECT_EQ(i18n::read_language(body(R"({"language":null})"), "language", errors), Language::fr);
    EXPECT_EQ(i18n::read_language(body(R"({"language":"en"})"), "language", errors), Language::en);
    EXPECT_TRUE(errors.empty());
    EXPECT_EQ(i18n::read_language(body(R"({"language":"en-GB"})"), "language", errors), Language::fr);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "language");
    EXPECT_EQ(errors[0].message.key(), "api.field.language");
}

TEST(LanguageField, IfPresentTellsAbsenceAndRefusesNull) {
    const Msg refusal("api.field.one_of", {{"values", "fr, en"}});
    std::vector<FieldError> errors;
    EXPECT_EQ(i18n::read_language_if_present(body("{}"), "language", refusal, errors), std::nullopt);
    EXPECT_EQ(i18n::read_language_if_present(body(R"({"language":"en"})"), "language", refusal, errors), Language::en);
    EXPECT_TRUE(errors.empty());
    for (const char* bad : {R"({"language":null})", R"({"language":"EN"})", R"({"language":1})"})
        EXPECT_EQ(i18n::read_language_if_present(body(bad), "language", refusal, errors), std::nullopt) << bad;
    ASSERT_EQ(errors.size(), 3u);
    for (const auto& e : errors) {
        EXPECT_EQ(e.field, "language");
        EXPECT_EQ(e.message.key(), "api.field.one_of");
    }
}

}  // namespace
