// The e-mails in the language of their reader (issue 17): an English order's confirmation, shipped,
// delivered and cancelled e-mails, and the reset e-mail, read in English (texts, money, dates); the
// same order in French reads as before; nothing of the other language is left in either.
#include <gtest/gtest.h>

#include "services/auth/reset_email.hpp"
#include "services/checkout/confirmation_email.hpp"
#include "services/checkout/status_emails.hpp"

using namespace rapidtrade;
using rapidtrade::platform::i18n::Language;

namespace {

checkout::Order english_order() {
    checkout::Order o;
    o.language = Language::en;
    o.reference = "1478813299197";
    o.email = "test@example.co.uk";
    o.shipping_address = {"Test O'Test", "10 Downing Street", "Monaco", "98000", "MC"};
    o.lines = {{"OPUK6V6EV0", "Canapé Moderne en Cuir", 89900, 1, 89900},
               {"1YMWVN1N4O", "Canapé d'Angle Confortable", 109900, 2, 219800}};
    o.subtotal = 309700;
    o.promo_code = "ViveLeDesign";
    o.promo_percent = 30;
    o.discount = 92910;
    o.shipping = 5000;
    o.total = 221790;
    o.card_brand = "visa";
    o.card_last4 = "8918";
    o.created_at = "2023-12-15T11:29:55Z";
    o.carrier = "Colissimo";
    o.carrier_tracking = "6A12345678901";
    o.cancel_reason = "Out of stock at the maker";
    return o;
}

// Words of the French e-mails that an English one must not hold.
void expect_no_french(const std::string& part) {
    for (std::string_view french : {"Bonjour", "commande", "Merci", "Frais", "Sous-total", "Remise", "équipe", "\u00A0€",
                                    "livr", "expédi", "annul", "Motif", "carte"})
        EXPECT_EQ(part.find(french), std::string::npos) << french << " in: " << part;
}

}  // namespace

TEST(EnglishEmails, TheConfirmationWhole) {
    auto mail = checkout::confirmation_email(english_order());
    EXPECT_EQ(mail.subject, "Order confirmation 1478813299197 at RapidTrade Co.");
    EXPECT_EQ(mail.text,
              "Hello Test O'Test,\n\n"
              "We confirm that we have received your order and its payment.\n\n"
              "Your order will be delivered by International Standard to this address:\n"
              "Test O'Test\n10 Downing Street\n98000 Monaco\nMC\n\n"
              "Order reference: 1478813299197\n"
              "Date: 15 December 2023\n\n"
              "Your order contains:\n"
              "- OPUK6V6EV0 - Canapé Moderne en Cuir: 1 × €899.00 = €899.00\n"
              "- 1YMWVN1N4O - Canapé d'Angle Confortable: 2 × €1,099.00 = €2,198.00\n\n"
              "Subtotal: €3,097.00\n"
              "Discount ViveLeDesign (-30%): -€929.10\n"
              "Shipping: €50.00\n"
              "Total: €2,217.90\n\n"
              "Payment: visa card ending in 8918\n\n"
              "Thank you for your order at RapidTrade Co.!\nThe E-Design team\n");
    EXPECT_NE(mail.html.find("<html lang=\"en\">"), std::string::npos);
    for (std::string_view expected : {"<title>Order confirmation 1478813299197 at RapidTrade Co.</title>",
                                      "Hello Test O&#39;Test,", "<h2>Shipping address</h2>", "Delivery by International Standard:",
                                      "<th align=\"left\">Order reference</th>", "<td>15 December 2023</td>",
                                      "<td colspan=\"3\">Subtotal</td><td align=\"right\">€3,097.00</td>",
                                      "Discount ViveLeDesign (-30%)</td><td align=\"right\">-€929.10</td>",
                                      "<b>Total</b></td><td align=\"right\"><b>€2,217.90</b>"})
        EXPECT_NE(mail.html.find(expected), std::string::npos) << expected << " in " << mail.html;
    expect_no_french(mail.subject);
    // The product names are the order's lines as bought (the catalogue's French names here).
    for (const auto* part : {&mail.text, &mail.html}) {
        std::string without_names = *part;
        for (std::string_view name : {"Canapé Moderne en Cuir", "Canapé d'Angle Confortable", "Canapé d&#39;Angle Confortable"})
            for (auto at = without_names.find(name); at != std::string::npos; at = without_names.find(name))
                without_names.erase(at, name.size());
        expect_no_french(without_names);
    }
}

TEST(EnglishEmails, ShippedDeliveredCancelled) {
    auto o = english_order();
    auto shipped = checkout::shipped_email(o);
    EXPECT_EQ(shipped.subject, "Your order 1478813299197 has shipped");
    EXPECT_EQ(shipped.text,
              "Hello Test O'Test,\n\n"
              "Good news: your order 1478813299197 of 15 December 2023 has shipped.\n\n"
              "Carrier: Colissimo\nTracking number: 6A12345678901\n\n"
              "It will be delivered to this address:\nTest O'Test\n10 Downing Street\n98000 Monaco\nMC\n\n"
              "Your parcel contains:\n- Canapé Moderne en Cuir × 1\n- Canapé d'Angle Confortable × 2\n\n"
              "Thank you for your order at RapidTrade Co.!\nThe E-Design team\n");
    EXPECT_NE(shipped.html.find("<th align=\"left\">Tracking number</th><td>6A12345678901</td>"), std::string::npos);

    auto delivered = checkout::delivered_email(o);
    EXPECT_EQ(delivered.subject, "Your order 1478813299197 has been delivered");
    EXPECT_NE(delivered.text.find("Your order 1478813299197 of 15 December 2023 has been delivered.\n\nIt contained:\n"),
              std::string::npos)
        << delivered.text;

    auto cancelled = checkout::cancelled_email(o);
    EXPECT_EQ(cancelled.subject, "Your order 1478813299197 has been cancelled");
    EXPECT_NE(cancelled.text.find("Reason: Out of stock at the maker\n\n"
                                  "We have refunded €2,217.90 to your visa card ending in 8918."),
              std::string::npos)
        << cancelled.text;
    EXPECT_NE(cancelled.html.find("We have refunded €2,217.90 to your visa card ending in 8918."), std::string::npos);
    for (const auto* mail : {&shipped, &delivered, &cancelled}) {
        EXPECT_NE(mail->html.find("<html lang=\"en\">"), std::string::npos);
        EXPECT_EQ(mail->html.find('\n'), std::string::npos);
        expect_no_french(mail->subject);
    }
}

TEST(EnglishEmails, TheSameOrderInFrenchIsFrench) {
    auto o = english_order();
    o.language = Language::fr;
    auto mail = checkout::confirmation_email(o);
    EXPECT_EQ(mail.subject, "Confirmation de votre commande 1478813299197 chez RapidTrade Co.");
    EXPECT_NE(mail.text.find("Total : 2\u202F217,90\u00A0€"), std::string::npos);
    EXPECT_NE(mail.html.find("<html lang=\"fr\">"), std::string::npos);
    EXPECT_EQ(checkout::cancelled_email(o).subject, "Annulation de votre commande 1478813299197");
    EXPECT_NE(checkout::shipped_email(o).text.find("du 15/12/2023 a été expédiée"), std::string::npos);
}

// Values still escaped in the English HTML part, and the message texts themselves as they are in
// the plain-text part.
TEST(EnglishEmails, HtmlEscapedTextNot) {
    auto o = english_order();
    o.shipping_address.full_name = "<script>x</script>";
    o.cancel_reason = "\"a\" & <b>";
    auto mail = checkout::cancelled_email(o);
    EXPECT_EQ(mail.html.find("<script>"), std::string::npos);
    EXPECT_EQ(mail.html.find("<b>"), std::string::npos);
    EXPECT_NE(mail.html.find("Hello &lt;script&gt;x&lt;/script&gt;,"), std::string::npos) << mail.html;
    EXPECT_NE(mail.html.find("Reason: &quot;a&quot; &amp; &lt;b&gt;"), std::string::npos) << mail.html;
    EXPECT_NE(mail.text.find("Reason: \"a\" & <b>\n"), std::string::npos) << mail.text;
}

TEST(EnglishEmails, ThePasswordReset) {
    auto mail = auth::password_reset_email("https://shop.example.fr/mot-de-passe/nouveau?token=abc", std::chrono::seconds(3600),
                                           Language::en);
    EXPECT_EQ(mail.subject, "Reset your RapidTrade Co. password");
    EXPECT_EQ(mail.text,
              "Hello,\n\n"
              "You asked to change the password of your RapidTrade Co. account.\n"
              "To choose a new one, open this link (valid for 1 hour, once only):\n\n"
              "https://shop.example.fr/mot-de-passe/nouveau?token=abc\n\n"
              "If you did not ask for this, ignore this message: your password stays unchanged.\n\n"
              "The E-Design team\n");
    EXPECT_NE(mail.html.find("<html lang=\"en\">"), std::string::npos);
    EXPECT_NE(mail.html.find("<a href=\"https://shop.example.fr/mot-de-passe/nouveau?token=abc\">Choose a new password</a> "
                             "(link valid for 1 hour, once only)"),
              std::string::npos)
        << mail.html;
    auto lasts = [](long long s) {
        return auth::password_reset_email("l", std::chrono::seconds(s), Language::en).text;
    };
    EXPECT_NE(lasts(1800).find("valid for 30 minutes"), std::string::npos);
    EXPECT_NE(lasts(7200).find("valid for 2 hours"), std::string::npos);
    EXPECT_NE(lasts(60).find("valid for 1 minute,"), std::string::npos);
    EXPECT_NE(lasts(1).find("valid for 1 second,"), std::string::npos);
    EXPECT_NE(lasts(90).find("valid for 90 seconds"), std::string::npos);
    EXPECT_NE(auth::password_reset_email("l", std::chrono::seconds(3600)).html.find("<html lang=\"fr\">"), std::string::npos);
}
