#include <gtest/gtest.h>

#include "platform/text.hpp"

using namespace rapidtrade::platform;

TEST(SearchNormalisation, StripsAccentsAndCase) {
    EXPECT_EQ(normalize_for_search("Canapé d'Angle Confortable"), "canape d'angle confortable");
    EXPECT_EQ(normalize_for_search("CHÊNE Massif"), "chene massif");
    EXPECT_EQ(normalize_for_search("Extérieur à l'œil"), "exterieur a l'oeil");
    EXPECT_EQ(normalize_for_search("Ça coûte"), "ca coute");
    EXPECT_EQ(normalize_for_search("Łódź Straße"), "lodz strasse");
}

TEST(SearchNormalisation, CollapsesWhitespaceAndTypographicApostrophes) {
    EXPECT_EQ(normalize_for_search("  canapé\t\td\u2019angle  "), "canape d'angle");
}

TEST(SearchNormalisation, KeepsOtherScriptsUnchanged) {
    EXPECT_EQ(normalize_for_search("ソファ"), "ソファ");
}

TEST(Utf8, AcceptsWellFormedText) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("Canapé ✓ 😀"));
}

TEST(Utf8, RejectsMalformedSequences) {
    EXPECT_FALSE(is_valid_utf8("\xFF"));
    EXPECT_FALSE(is_valid_utf8("\xC3\x28"));          // bad continuation
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("caf\xC3"));           // truncated
}

TEST(ConstantTimeEquals, ComparesWholeStrings) {
    EXPECT_TRUE(constant_time_equals("secret", "secret"));
    EXPECT_FALSE(constant_time_equals("secret", "secreT"));
    EXPECT_FALSE(constant_time_equals("secret", "secret2"));
    EXPECT_FALSE(constant_time_equals("", "x"));
}

TEST(EscapeLike, EscapesWildcards) { EXPECT_EQ(escape_like("50%_off\\"), "50\\%\\_off\\\\"); }
