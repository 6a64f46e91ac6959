// The password reset e-mail, rendered from its templates (services/auth/templates/): what the
// customer reads in each part, the link escaped in the HTML one, the lifetime in French.
#include <gtest/gtest.h>

#include "services/auth/reset_email.hpp"

using rapidtrade::auth::password_reset_email;

TEST(ResetEmail, TheLinkAndItsLifetimeInBothParts) {
    auto mail = password_reset_email("https://shop.example.fr/mot-de-passe/nouveau?token=abc_DEF-123",
                                     std::chrono::seconds(3600));
    EXPECT_EQ(mail.subject, "Réinitialisation de votre mot de passe RapidTrade Co.");
    EXPECT_EQ(mail.text,
              "Bonjour,\n\n"
              "Vous avez demandé à changer le mot de passe de votre compte RapidTrade Co.\n"
              "Pour en choisir un nouveau, ouvrez ce lien (valable 1 heure, une seule fois) :\n\n"
              "https://shop.example.fr/mot-de-passe/nouveau?token=abc_DEF-123\n\n"
              "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste "
              "inchangé.\n\n"
              "L'équipe E-Design\n");
    EXPECT_EQ(mail.html.find('\n'), std::string::npos) << "one line: the template's breaks are layout only";
    EXPECT_NE(mail.html.find("<title>Réinitialisation de votre mot de passe RapidTrade Co.</title>"), std::string::npos);
    EXPECT_NE(mail.html.find("<a href=\"https://shop.example.fr/mot-de-passe/nouveau?token=abc_DEF-123\">"
                             "Choisir un nouveau mot de passe</a> (lien valable 1 heure, une seule fois)"),
              std::string::npos)
        << mail.html;
}

TEST(ResetEmail, ALinkIsEscapedInTheHtmlPartAndOtherLifetimesRead) {
    // PUBLIC_URL is checked at start-up; were it ever odd, the HTML part still could not be broken.
    auto mail = password_reset_email("https://x.example/\"><script>alert(1)</script>'", std::chrono::seconds(1800));
    EXPECT_EQ(mail.html.find("<script>"), std::string::npos);
    EXPECT_NE(mail.html.find("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39;"), std::string::npos) << mail.html;
    EXPECT_EQ(mail.html.find("&apos;"), std::string::npos) << "HTML 4 mail readers do not know &apos;";
    EXPECT_NE(mail.text.find("(valable 30 minutes, une seule fois)"), std::string::npos);
    EXPECT_NE(password_reset_email("l", std::chrono::seconds(7200)).text.find("valable 2 heures"), std::string::npos);
    EXPECT_NE(password_reset_email("l", std::chrono::seconds(90)).text.find("valable 90 secondes"), std::string::npos);
}
