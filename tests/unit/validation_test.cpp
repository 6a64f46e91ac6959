#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "platform/address.hpp"
#include "platform/service.hpp"
#include "platform/validation.hpp"

using namespace rapidtrade::platform;

TEST(Email, NormalisesAndValidates) {
    EXPECT_EQ(normalize_email("  Jean.Rault@Example.FR "), "jean.rault@example.fr");
    for (const char* ok : {"a@b.fr", "jean.rault+shop@example.fr", "x_y@sub.example.co.uk"})
        EXPECT_TRUE(is_valid_email(ok)) << ok;
    for (const char* bad : {"", "plain", "@example.fr", "a@", "a@b", "a b@c.fr", "a@b..fr", ".a@b.fr", "a..b@c.fr",
                            "a@b.c", "a@@b.fr", "a@-b.fr", "a<b>@c.fr"})
        EXPECT_FALSE(is_valid_email(bad)) << bad;
}

TEST(ReadText, TrimsCountsCodePointsAndReports) {
    std::vector<FieldError> errors;
    auto body = boost::json::parse(R"({"name": "  Émile  ", "empty": "  ", "n": 3})").as_object();
    EXPECT_EQ(read_text(body, "name", 1, 5, true, errors), "Émile");
    EXPECT_TRUE(errors.empty());
    EXPECT_FALSE(read_text(body, "empty", 1, 5, true, errors));
    EXPECT_FALSE(read_text(body, "n", 1, 5, true, errors));
    EXPECT_FALSE(read_text(body, "missing", 1, 5, true, errors));
    EXPECT_FALSE(read_text(body, "optional", 1, 5, false, errors));
    ASSERT_EQ(errors.size(), 3u);
    EXPECT_EQ(errors[0].field, "empty");
    EXPECT_EQ(errors[0].message.in(i18n::Language::en), "must not be empty");
    EXPECT_EQ(errors[1].message.in(i18n::Language::en), "must be a string");
    EXPECT_EQ(errors[2].message.in(i18n::Language::en), "is required");
    EXPECT_EQ(errors[0].message.in(i18n::Language::fr), "ne doit pas être vide");
    EXPECT_EQ(errors[2].message.in(i18n::Language::fr), "est obligatoire");
}

namespace {

std::vector<FieldError> address_errors(const char* json) {
    std::vector<FieldError> errors;
    address_from_json(boost::json::parse(json), "shipping_address", errors);
    return errors;
}

}  // namespace

TEST(Address, AcceptsTheBriefsAddressAndDefaultsToFrance) {
    std::vector<FieldError> errors;
    auto a = address_from_json(
        boost::json::parse(R"({"full_name": "Jean Rault", "street": "86 quai Saint-Nicolas", "city": "Auxerre", "postal_code": "89000"})"),
        "", errors);
    EXPECT_TRUE(errors.empty());
    EXPECT_EQ(a.country, "FR");
    EXPECT_EQ(a.postal_code, "89000");
}

TEST(Address, ValidatesPostalCodesAndCountries) {
    auto e = address_errors(R"({"full_name": "A", "street": "B", "city": "C", "postal_code": "8900"})");
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0].field, "shipping_address.postal_code");
    e = address_errors(R"({"full_name": "A", "street": "B", "city": "C", "postal_code": "10115", "country": "XX"})");
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0].field, "shipping_address.country");
    EXPECT_TRUE(address_errors(R"({"full_name": "A", "street": "B", "city": "C", "postal_code": "10115", "country": "de"})").empty());
    EXPECT_TRUE(address_errors(R"({"full_name": "A", "street": "B", "city": "London", "postal_code": "SW1A 1AA", "country": "GB"})").empty());
}

TEST(Address, NamesEveryMissingOrUnknownField) {
    auto e = address_errors(R"({"street": "", "zip": "1"})");
    std::vector<std::string> fields;
    for (const auto& x : e) fields.push_back(x.field);
    std::sort(fields.begin(), fields.end());
    EXPECT_EQ(fields, (std::vector<std::string>{"shipping_address.city", "shipping_address.full_name",
                                                "shipping_address.postal_code", "shipping_address.street",
                                                "shipping_address.zip"}));
    EXPECT_EQ(address_errors("[]").at(0).field, "shipping_address");
}

// Who counts as staff: the staff and admin roles, never a customer's token.
TEST(Roles, StaffAreStaffOrAdmin) {
    rapidtrade::platform::auth::Claims c;
    c.roles = {"customer"};
    EXPECT_FALSE(rapidtrade::platform::is_staff(c));
    c.roles = {"staff"};
    EXPECT_TRUE(rapidtrade::platform::is_staff(c));
    c.roles = {"admin"};
    EXPECT_TRUE(rapidtrade::platform::is_staff(c));
    c.roles = {"Staff", "ADMIN", "staff "};
    EXPECT_FALSE(rapidtrade::platform::is_staff(c)) << "role names are exact";
}
