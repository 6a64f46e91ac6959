// Pure logic of the commerce services: cards, shipping rules, MIME, the confirmation e-mail.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "platform/config.hpp"
#include "services/checkout/confirmation_email.hpp"
#include "services/email/mime.hpp"
#include "services/payment/card.hpp"
#include "platform/countries.hpp"
#include "services/shipping/country_names.hpp"
#include "services/shipping/rules.hpp"

using namespace rapidtrade;

namespace {

payment::Card card(std::string number, std::string cvv = "229", int month = 2, int year = 2028) {
    return {"Jean Rault", std::move(number), std::move(cvv), month, year};
}

}  // namespace

TEST(Card, LuhnAndBrands) {
    EXPECT_TRUE(payment::luhn_valid("4556426261628918"));  // the brief's test card
    EXPECT_FALSE(payment::luhn_valid("4556426261628919"));
    EXPECT_TRUE(payment::luhn_valid("378282246310005"));
    EXPECT_EQ(payment::brand_of("4556426261628918"), "visa");
    EXPECT_EQ(payment::brand_of("5555555555554444"), "mastercard");
    EXPECT_EQ(payment::brand_of("2223003122003222"), "mastercard");
    EXPECT_EQ(payment::brand_of("378282246310005"), "amex");
    EXPECT_EQ(payment::brand_of("6011111111111117"), "discover");
    EXPECT_EQ(payment::brand_of("9999999999999995"), "unknown");
}

TEST(Card, RefusalReasons) {
    EXPECT_EQ(payment::refusal_reason(card("4556426261628918"), 2026, 11), std::nullopt);
    EXPECT_EQ(payment::refusal_reason(card("4556426261628919"), 2026, 11), "invalid_number");
    EXPECT_EQ(payment::refusal_reason(card("4556426261628918", "229", 10, 2026), 2026, 11), "expired");
    EXPECT_EQ(payment::refusal_reason(card("4556426261628918", "229", 11, 2026), 2026, 11), std::nullopt)
        << "valid through the end of its month";
    EXPECT_EQ(payment::refusal_reason(card("4556426261628918", "2290"), 2026, 11), "invalid_cvv");
    EXPECT_EQ(payment::refusal_reason(card("378282246310005", "123"), 2026, 11), "invalid_cvv");
    EXPECT_EQ(payment::refusal_reason(card("378282246310005", "1234"), 2026, 11), std::nullopt);
    EXPECT_EQ(payment::refusal_reason(card("4000000000000002"), 2026, 11), "declined");
    EXPECT_EQ(payment::refusal_reason(card("4000000000009995"), 2026, 11), "insufficient_funds");
}

TEST(Card, ShapeErrorsNameTheField) {
    std::vector<platform::FieldError> errors;
    auto c = payment::card_from_json(
        boost::json::parse(R"({"holder": "J", "number": "4556 4262-6162 8918", "cvv": "229", "exp_month": 2, "exp_year": 2028})"),
        errors);
    EXPECT_TRUE(errors.empty());
    EXPECT_EQ(c.number, "4556426261628918");
    std::vector<platform::FieldError> blank;
    payment::card_from_json(boost::json::parse(R"({"holder": "J", "number": " - - ", "cvv": "229", "exp_month": 2, "exp_year": 2028})"), blank);
    ASSERT_EQ(blank.size(), 1u);
    EXPECT_EQ(blank[0].field, "card.number");
    payment::card_from_json(boost::json::parse(R"({"number": 4556, "cvv": "22a", "exp_month": 13, "exp_year": 28})"), errors);
    std::vector<std::string> fields;
    for (const auto& e : errors) fields.push_back(e.field);
    std::sort(fields.begin(), fields.end());
    EXPECT_EQ(fields, (std::vector<std::string>{"card.cvv", "card.exp_month", "card.exp_year", "card.holder", "card.number"}));
}

TEST(ShippingRules, DefaultsChargeFiftyEurosToFrance) {
    auto rules = shipping::ShippingRules::parse(shipping::ShippingRules::kDefault);
    ASSERT_TRUE(rules.rate_for("FR"));
    EXPECT_EQ(rules.rate_for("FR")->cost_cents, 5000);
    EXPECT_FALSE(rules.rate_for("JP"));
}

TEST(ShippingRules, MalformedRulesNameTheVariable) {
    for (const char* bad : {"", "FR", "FR=50", "FRA=5000/3", "XX=5000/3", "FR=-1/3", "FR=5000/0", "FR=abc/3"}) {
        try {
            shipping::ShippingRules::parse(bad);
            ADD_FAILURE() << "accepted " << bad;
        } catch (const platform::ConfigError& e) {
            EXPECT_NE(std::string(e.what()).find("SHIPPING_RULES"), std::string::npos);
        }
    }
    EXPECT_EQ(shipping::ShippingRules::parse("DE=7500/5,JP=15000/9").rate_for("JP")->estimated_days, 9);
}

TEST(ShippingRules, ListEveryServedCountryByCode) {
    auto rules = shipping::ShippingRules::parse("FR=990/2,JP=15000/9,BE=1290/3");
    std::vector<std::string> codes;
    for (const auto& [code, rate] : rules.rates()) codes.push_back(code);
    EXPECT_EQ(codes, (std::vector<std::string>{"BE", "FR", "JP"}));
    EXPECT_EQ(rules.rates().at("JP").cost_cents, 15000);
    EXPECT_EQ(rules.rates().at("JP").estimated_days, 9);
}

// Every country a shipping rule may name (an ISO 3166-1 code) has a name in each language, and
// nothing else does.
TEST(CountryNames, EveryIsoCountryHasItsNameInEachLanguage) {
    using platform::i18n::Language;
    for (auto language : {Language::fr, Language::en}) {
        int named = 0;
        for (char a = 'A'; a <= 'Z'; ++a)
            for (char b = 'A'; b <= 'Z'; ++b) {
                std::string code{a, b};
                EXPECT_EQ(platform::is_iso_country(code), !shipping::country_name(language, code).empty()) << code;
                named += shipping::country_name(language, code).empty() ? 0 : 1;
            }
        EXPECT_EQ(named, 249);
        EXPECT_EQ(shipping::country_name(language, "fr"), "");
        EXPECT_EQ(shipping::country_name(language, "FRA"), "");
        EXPECT_EQ(shipping::country_name(language, "F\n"), "");
        EXPECT_EQ(shipping::country_name(language, std::string_view("F\0", 2)), "");
    }
    EXPECT_EQ(shipping::country_name(Language::fr, "FR"), "France");
    EXPECT_EQ(shipping::country_name(Language::fr, "DE"), "Allemagne");
    EXPECT_EQ(shipping::country_name(Language::fr, "NL"), "Pays-Bas");
    EXPECT_EQ(shipping::country_name(Language::fr, "CH"), "Suisse");
    EXPECT_EQ(shipping::country_name(Language::en, "FR"), "France");
    EXPECT_EQ(shipping::country_name(Language::en, "DE"), "Germany");
    EXPECT_EQ(shipping::country_name(Language::en, "NL"), "Netherlands");
    EXPECT_EQ(shipping::country_name(Language::en, "CH"), "Switzerland");
    EXPECT_EQ(shipping::country_name(Language::en, "BE"), "Belgium");
}

TEST(Mime, MultipartWithEncodedSubjectAndNoHeaderInjection) {
    email::Message m{"abc123", "RapidTrade Co. <no-reply@rapidtrade.example.fr>", "jean@example.fr\r\nBcc: x@evil.fr",
                     "Confirmation de votre commande", "Bonjour é", "<p>Bonjour é</p>"};
    auto text = email::render_mime(m, "Thu, 26 Nov 2026 04:02:49 +0000");
    EXPECT_NE(text.find("Subject: Confirmation de votre commande\r\n"), std::string::npos);
    EXPECT_NE(text.find("Content-Type: multipart/alternative;"), std::string::npos);
    EXPECT_NE(text.find("Content-Type: text/plain; charset=utf-8"), std::string::npos);
    EXPECT_NE(text.find("Content-Type: text/html; charset=utf-8"), std::string::npos);
    EXPECT_NE(text.find("Qm9uam91ciDDqQ=="), std::string::npos) << "base64 of 'Bonjour é'";
    EXPECT_EQ(text.find("\r\nBcc:"), std::string::npos);
    m.subject = "Réservé";
    EXPECT_NE(email::render_mime(m, "d").find("Subject: =?UTF-8?B?UsOpc2VydsOp?="), std::string::npos);
    EXPECT_EQ(email::bare_address("RapidTrade Co. <no-reply@rapidtrade.example.fr>"), "no-reply@rapidtrade.example.fr");
}

TEST(ConfirmationEmail, ListsEverythingInFrench) {
    checkout::Order o;
    o.reference = "1478813299197";
    o.email = "test@example.fr";
    o.shipping_address = {"Test Test", "93 rue de l'Epeule", "Mulhouse", "68100", "FR"};
    o.lines = {{"OPUK6V6EV0", "Canapé Moderne en Cuir", 89900, 1, 89900}, {"1YMWVN1N4O", "Canapé d'Angle Confortable", 109900, 2, 219800}};
    o.subtotal = 309700;
    o.promo_code = "ViveLeDesign";
    o.promo_percent = 30;
    o.discount = 92910;
    o.shipping = 5000;
    o.total = 221790;
    o.card_brand = "visa";
    o.card_last4 = "8918";
    o.created_at = "2023-12-15T11:29:55Z";
    auto mail = checkout::confirmation_email(o);
    EXPECT_NE(mail.subject.find("1478813299197"), std::string::npos);
    for (std::string_view expected : {"Test Test", "93 rue de l'Epeule", "68100 Mulhouse", "1478813299197", "15/12/2023",
                                        "OPUK6V6EV0 - Canapé Moderne en Cuir", "1YMWVN1N4O - Canapé d'Angle Confortable",
                                        "Sous-total : 3\u202F097,00\u00A0€", "Remise ViveLeDesign (-30 %) : -929,10\u00A0€",
                                        "Frais de livraison : 50,00\u00A0€", "Total : 2\u202F217,90\u00A0€",
                                        "International Standard"})
        EXPECT_NE(mail.text.find(expected), std::string::npos) << expected;
    EXPECT_NE(mail.html.find("93 rue de l&#39;Epeule"), std::string::npos) << "HTML is escaped";
    EXPECT_NE(mail.html.find("<b>2\u202F217,90\u00A0€</b>"), std::string::npos);
}

// The whole text part of an order without a discount: no line left behind by the template's
// sections, and nothing in it escaped for HTML.
TEST(ConfirmationEmail, TextPartWithoutDiscountWhole) {
    checkout::Order o;
    o.reference = "1000000000017";
    o.shipping_address = {"Zoé O'Brien", "2 rue \"Haute\" & Fils", "Lyon", "69003", "FR"};
    o.lines = {{"OPUK6V6EV0", "Canapé <Moderne>", 89900, 1, 89900}};
    o.subtotal = 89900;
    o.shipping = 5000;
    o.total = 94900;
    o.card_brand = "visa";
    o.card_last4 = "8918";
    o.created_at = "2026-01-05T09:00:00Z";
    EXPECT_EQ(checkout::confirmation_email(o).text,
              "Bonjour Zoé O'Brien,\n\n"
              "Nous vous confirmons la réception de votre commande et de son paiement.\n\n"
              "Votre commande sera livrée par International Standard à l'adresse suivante :\n"
              "Zoé O'Brien\n2 rue \"Haute\" & Fils\n69003 Lyon\nFR\n\n"
              "Référence de commande : 1000000000017\n"
              "Date : 05/01/2026\n\n"
              "Votre commande contient :\n"
              "- OPUK6V6EV0 - Canapé <Moderne> : 1 × 899,00\u00A0€ = 899,00\u00A0€\n\n"
              "Sous-total : 899,00\u00A0€\n"
              "Frais de livraison : 50,00\u00A0€\n"
              "Total : 949,00\u00A0€\n\n"
              "Paiement : carte visa se terminant par 8918\n\n"
              "Merci pour votre commande chez RapidTrade Co. !\nL'équipe E-Design\n");
}

TEST(ConfirmationEmail, HtmlPartEscapesEveryValue) {
    checkout::Order o;
    o.reference = "1000000000025";
    o.shipping_address = {"<script>x</script>", "1 rue & \"2\"", "Lyon", "69003", "FR"};
    o.lines = {{"OPUK6V6EV0", "<img src=x onerror=y>", 100, 1, 100}};
    o.promo_code = "<u>";
    o.promo_percent = 10;
    o.subtotal = 100;
    o.discount = 10;
    o.total = 90;
    o.created_at = "2026-01-05T09:00:00Z";
    auto html = checkout::confirmation_email(o).html;
    for (std::string_view raw : {"<script>", "<img", "<u>"}) EXPECT_EQ(html.find(raw), std::string::npos) << raw;
    for (std::string_view escaped : {"&lt;script&gt;x&lt;/script&gt;", "1 rue &amp; &quot;2&quot;",
                                     "&lt;img src=x onerror=y&gt;", "Remise &lt;u&gt; (-10 %)"})
        EXPECT_NE(html.find(escaped), std::string::npos) << escaped;
    EXPECT_EQ(html.find('\n'), std::string::npos) << "one line, as the template's layout is dropped";
}
