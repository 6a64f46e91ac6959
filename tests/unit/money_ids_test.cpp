#include <gtest/gtest.h>

#include <regex>
#include <set>

#include <boost/json/parse.hpp>

#include "platform/errors.hpp"
#include "platform/ids.hpp"
#include "platform/money.hpp"

using namespace rapidtrade::platform;

TEST(Money, FormatsInFrench) {
    EXPECT_EQ(format_eur(109900), "1\u202F099,00\u00A0€");
    EXPECT_EQ(format_eur(89900), "899,00\u00A0€");
    EXPECT_EQ(format_eur(5), "0,05\u00A0€");
    EXPECT_EQ(format_eur(123456789), "1\u202F234\u202F567,89\u00A0€");
    EXPECT_EQ(format_eur(-2500), "-25,00\u00A0€");
}

TEST(Money, ReadsCentsAndRejectsFloats) {
    auto m = money_from_json(boost::json::parse(R"({"amount": 89900, "currency": "EUR"})"), "price");
    EXPECT_EQ(m.amount, 89900);
    EXPECT_EQ(m.currency, "EUR");
    try {
        money_from_json(boost::json::parse(R"({"amount": 899.5})"), "price");
        FAIL() << "a float amount was accepted";
    } catch (const BadRequest& e) {
        ASSERT_EQ(e.errors().size(), 1u);
        EXPECT_EQ(e.errors()[0].field, "price.amount");
    }
    EXPECT_THROW(money_from_json(boost::json::parse(R"({"amount": -1})"), "price"), BadRequest);
    EXPECT_THROW(money_from_json(boost::json::parse(R"({"amount": 1, "currency": "USD"})"), "price"), BadRequest);
    EXPECT_THROW(money_from_json(boost::json::parse(R"(12)"), "price"), BadRequest);
}

TEST(Ids, ProductIdsLookLikeTheBriefs) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        auto id = random_id();
        ASSERT_TRUE(std::regex_match(id, std::regex("[A-Z0-9]{10}"))) << id;
        EXPECT_TRUE(is_product_id(id));
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 1000u);
    EXPECT_TRUE(is_product_id("OPUK6V6EV0"));
    EXPECT_FALSE(is_product_id("opuk6v6ev0"));
    EXPECT_FALSE(is_product_id("OPUK6V6EV"));
    EXPECT_FALSE(is_product_id("OPUK6V6EV0X"));
}

TEST(Ids, OrderReferencesAreThirteenDigits) {
    for (int i = 0; i < 200; ++i) {
        auto ref = random_digits(13);
        ASSERT_TRUE(std::regex_match(ref, std::regex("[1-9][0-9]{12}"))) << ref;
    }
}

TEST(Ids, TokensAreUrlSafe) {
    auto t = random_token(32);
    EXPECT_EQ(t.size(), 43u);
    EXPECT_TRUE(std::regex_match(t, std::regex("[A-Za-z0-9_-]+")));
    EXPECT_NE(t, random_token(32));
}

// Every identifier that comes from outside is checked against the shape its owner hands out.
TEST(Ids, EachShapeAcceptsWhatIsHandedOutAndNothingHostile) {
    EXPECT_TRUE(is_cart_id(random_token(18)));
    EXPECT_TRUE(is_order_reference(random_digits(13)));
    EXPECT_TRUE(is_email_id(random_id(20)));
    EXPECT_TRUE(is_promo_code("ViveLeDesign"));
    EXPECT_TRUE(is_idempotency_key("web-" + random_token(18)));
    const std::vector<std::string> hostile = {"", "a\r\nb", std::string("a\0b", 3), "a b", "a?b", "a#b", "a%2Fb",
                                              "../x", "x/y", std::string(300, 'A'), "\xff\xfe", "\t"};
    for (const auto& h : hostile) {
        EXPECT_FALSE(is_product_id(h)) << h;
        EXPECT_FALSE(is_order_reference(h)) << h;
        EXPECT_FALSE(is_cart_id(h)) << h;
        EXPECT_FALSE(is_email_id(h)) << h;
        EXPECT_FALSE(is_promo_code(h)) << h;
    }
    for (const auto& h : {std::string(""), std::string("a\r\nb"), std::string("a b"), std::string(129, 'k'),
                          std::string("caf\xc3\xa9")})
        EXPECT_FALSE(is_idempotency_key(h)) << h;
    EXPECT_FALSE(is_order_reference("0123456789012")) << "references never start with 0";
    EXPECT_FALSE(is_cart_id(random_token(18) + "A"));
}

// What staff type in the back-office's price field.
TEST(ParseEur, FrenchAmountsAsTyped) {
    using rapidtrade::platform::parse_eur;
    EXPECT_EQ(parse_eur("1099"), 109900);
    EXPECT_EQ(parse_eur("1 099,5"), 109950);
    EXPECT_EQ(parse_eur("1099,00"), 109900);
    EXPECT_EQ(parse_eur("12.90"), 1290);
    EXPECT_EQ(parse_eur("1\u202F099,00\u00A0€"), 109900) << "what format_eur writes reads back";
    EXPECT_EQ(parse_eur(rapidtrade::platform::format_eur(3097'00)), 3097'00);
    for (const char* bad : {"", ",50", "-3", "1e3", "12,345", "1,2,3", "abc", "1000000000", "12 €€x", "\xff"})
        EXPECT_EQ(parse_eur(bad), std::nullopt) << bad;
}
