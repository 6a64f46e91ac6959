#include <set>

#include <gtest/gtest.h>

#include "platform/i18n/format.hpp"
#include "platform/i18n/language.hpp"
#include "platform/i18n/messages.hpp"
#include "platform/i18n/plural.hpp"
#include "platform/templates.hpp"

using namespace rapidtrade::platform::i18n;

// Every key of one language exists in every other, and no text is empty: a page or an e-mail
// never falls back to French behind an English reader's back.
TEST(MessageCatalogue, EveryKeyExistsInEveryLanguage) {
    for (Language a : kLanguages)
        for (Language b : kLanguages)
            for (const auto& [key, text] : messages(a)) {
                EXPECT_TRUE(messages(b).contains(key)) << key << " is in " << code(a) << " but not in " << code(b);
                EXPECT_FALSE(text.empty()) << code(a) << ": " << key << " is empty";
            }
    EXPECT_FALSE(messages(Language::fr).empty());
}

// A slot written in one language is written in the other: a translation that drops "{reference}"
// would send an e-mail without its order's reference.
TEST(MessageCatalogue, SlotsAreTheSameInEveryLanguage) {
    auto slots = [](const std::string& text) {
        std::multiset<std::string> out;
        for (std::size_t i = text.find('{'); i != std::string::npos; i = text.find('{', i + 1)) {
            auto close = text.find('}', i);
            if (close != std::string::npos) out.insert(text.substr(i, close - i + 1));
        }
        return out;
    };
    for (const auto& [key, french] : messages(Language::fr))
        if (auto it = messages(Language::en).find(key); it != messages(Language::en).end()) {
            EXPECT_EQ(slots(french), slots(it->second)) << key;
        }
}

TEST(MessageCatalogue, FillsSlotsAndLeavesUnknownOnes) {
    EXPECT_EQ(message(Language::en, "language.switch.label"), "Language");
    EXPECT_EQ(message(Language::fr, "language.switch.label"), "Langue");
    EXPECT_THROW(message(Language::en, "no.such.key"), std::logic_error);
}

TEST(AcceptLanguage, PicksTheBestLanguageWeSpeak) {
    EXPECT_EQ(from_accept_language("en-GB,en;q=0.9,fr;q=0.8"), Language::en);
    EXPECT_EQ(from_accept_language("de-DE,de;q=0.9,en;q=0.5,fr;q=0.4"), Language::en);
    EXPECT_EQ(from_accept_language("fr-BE, en;q=0.9"), Language::fr);
    EXPECT_EQ(from_accept_language("EN-us"), Language::en);
    EXPECT_EQ(from_accept_language("en;q=0.3, fr;q=0.7"), Language::fr);
    EXPECT_EQ(from_accept_language("en;q=1, fr"), Language::en);  // a tie keeps the earlier entry
}

TEST(AcceptLanguage, AnythingElseGivesFrench) {
    EXPECT_EQ(from_accept_language(""), Language::fr);
    EXPECT_EQ(from_accept_language("de-DE"), Language::fr);
    EXPECT_EQ(from_accept_language("*"), Language::fr);
    EXPECT_EQ(from_accept_language("en;q=0"), Language::fr);           // "not English"
    EXPECT_EQ(from_accept_language("en;q=abc"), Language::fr);         // malformed weight
    EXPECT_EQ(from_accept_language("en;q=2"), Language::fr);
    EXPECT_EQ(from_accept_language(std::string("en\r\nX-Evil: 1")), Language::fr);
    EXPECT_EQ(from_accept_language(std::string("e\0n", 3)), Language::fr);
    EXPECT_EQ(from_accept_language(std::string(10000, ',') + "en"), Language::fr);  // too long to read
    EXPECT_EQ(from_accept_language("\xC3\x28;q=0.5, en;q=0.1"), Language::en);     // bad UTF-8 entry ignored
}

TEST(LanguageCode, OnlyTheExactCodes) {
    EXPECT_EQ(parse_language("en"), Language::en);
    EXPECT_EQ(parse_language("fr"), Language::fr);
    EXPECT_FALSE(parse_language("EN"));
    EXPECT_FALSE(parse_language("en-GB"));
    EXPECT_FALSE(parse_language(""));
    EXPECT_FALSE(parse_language(std::string("en\0", 3)));
    EXPECT_EQ(code(Language::en), "en");
}

TEST(LocalFormats, MoneyAndDatesAsEachLanguageWritesThem) {
    EXPECT_EQ(format_money(Language::fr, 109900), "1\u202F099,00\u00A0€");
    EXPECT_EQ(format_money(Language::en, 109900), "€1,099.00");
    EXPECT_EQ(format_money(Language::en, 5), "€0.05");
    EXPECT_EQ(format_money(Language::en, 123456789), "€1,234,567.89");
    EXPECT_EQ(format_money(Language::en, -2500), "-€25.00");
    EXPECT_EQ(format_date(Language::fr, "2026-12-01T04:02:49Z"), "01/12/2026");
    EXPECT_EQ(format_date(Language::en, "2026-12-01T04:02:49Z"), "1 December 2026");
    EXPECT_EQ(format_date(Language::en, "2026-13-01"), "2026-13-01");
    EXPECT_EQ(format_date(Language::en, "hier"), "hier");
}

TEST(LocalFormats, DayAndMinuteAsEachLanguageWritesThem) {
    EXPECT_EQ(format_date_time(Language::fr, "2026-12-01T04:02:49Z"), "01/12/2026 04:02");
    EXPECT_EQ(format_date_time(Language::en, "2026-12-01T04:02:49Z"), "1 December 2026, 04:02");
    EXPECT_EQ(format_date_time(Language::en, "2026-12-01 23:59:00"), "1 December 2026, 23:59");
    // Not a timestamp: unchanged, never a piece of one.
    for (std::string_view odd : {"2026-12-01", "2026-12-01T4:02", "2026-13-01T04:02:49Z", "2026-12-01Tab:cdZ", "", "x"}) {
        EXPECT_EQ(format_date_time(Language::fr, odd), odd);
        EXPECT_EQ(format_date_time(Language::en, odd), odd);
    }
}

TEST(LocalFormats, PricesAsEachLanguageTypesThem) {
    // French: as platform::parse_eur always read them.
    EXPECT_EQ(parse_money(Language::fr, "1 099,00"), 109900);
    EXPECT_EQ(parse_money(Language::fr, "1\u202F099,00\u00A0€"), 109900);
    EXPECT_EQ(parse_money(Language::fr, "12.90"), 1290);
    // English: what format_money writes, and what an English speaker types.
    EXPECT_EQ(parse_money(Language::en, "€1,099.00"), 109900);
    EXPECT_EQ(parse_money(Language::en, "1,099.00"), 109900);
    EXPECT_EQ(parse_money(Language::en, "1,099"), 109900);
    EXPECT_EQ(parse_money(Language::en, "1099.5"), 109950);
    EXPECT_EQ(parse_money(Language::en, "€ 249"), 24900);
    EXPECT_EQ(parse_money(Language::en, "12,345,678.90"), 1234567890);
    EXPECT_EQ(parse_money(Language::en, format_money(Language::en, 98765432)), 98765432);
    // A comma that is not a thousands separator is refused, not guessed as a decimal mark.
    for (std::string_view bad : {"10,99", "1099,00", ",099", "1,09,900", "1,0999", "1,099,00", "1.099,00", "1,,099",
                                 "1,099.0,5", "-1,099", "1,099.001", "1e3", "", "€", "1,099\n", "１,099"})
        EXPECT_EQ(parse_money(Language::en, bad), std::nullopt) << bad;
    EXPECT_EQ(parse_money(Language::en, std::string_view("1\0", 2)), std::nullopt);
    EXPECT_EQ(parse_money(Language::fr, std::string_view("1\0", 2)), std::nullopt);
}

TEST(Plurals, FrenchSaysZeroInTheSingularEnglishDoesNot) {
    EXPECT_EQ(counted_key(Language::fr, "k", 0), "k.one");
    EXPECT_EQ(counted_key(Language::fr, "k", 1), "k.one");
    EXPECT_EQ(counted_key(Language::fr, "k", 2), "k.other");
    EXPECT_EQ(counted_key(Language::en, "k", 0), "k.other");
    EXPECT_EQ(counted_key(Language::en, "k", 1), "k.one");
    EXPECT_EQ(counted_key(Language::en, "k", 2), "k.other");
}

// Every singular counted_key may choose has its plural, in every language, and no plural is named
// otherwise (a ".many" left behind would throw on the page that counts).
TEST(Plurals, EverySingularHasItsOther) {
    for (Language language : kLanguages)
        for (const auto& [key, text] : messages(language)) {
            EXPECT_FALSE(key.ends_with(".many")) << code(language) << ": " << key;
            if (key.ends_with(".one")) {
                EXPECT_TRUE(messages(language).contains(key.substr(0, key.size() - 4) + ".other")) << code(language) << ": " << key;
            }
        }
}

// The product list's count (catalog_pages.cpp): "0 produit" as before in French, "0 products" in English.
TEST(Plurals, TheProductListCountsInEachLanguage) {
    auto count = [](Language language, std::int64_t n) {
        return message(language, counted_key(language, "shop.products.count", n), {{"count", std::to_string(n)}});
    };
    EXPECT_EQ(count(Language::fr, 0), "0 produit");
    EXPECT_EQ(count(Language::fr, 1), "1 produit");
    EXPECT_EQ(count(Language::fr, 2), "2 produits");
    EXPECT_EQ(count(Language::en, 0), "0 products");
    EXPECT_EQ(count(Language::en, 1), "1 product");
    EXPECT_EQ(count(Language::en, 12), "12 products");
}

TEST(TranslatedTemplates, MessagesAreEscapedAndTheirSlotsBecomeValues) {
    using rapidtrade::platform::translate_template;
    EXPECT_EQ(translate_template("<b>{{@language.switch.label}}</b> {{x}}", Language::en, true), "<b>Language</b> {{x}}");
    EXPECT_EQ(translate_template("{{@language.switch.label}}", Language::fr, false), "Langue");
    EXPECT_EQ(translate_template("no message here {{#a}}{{/a}}", Language::en, true), "no message here {{#a}}{{/a}}");
    EXPECT_THROW(translate_template("{{@no.such.key}}", Language::en, true), std::logic_error);
    EXPECT_THROW(translate_template("{{@language.switch.label", Language::en, true), std::logic_error);
}
