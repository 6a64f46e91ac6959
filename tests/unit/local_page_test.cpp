// The language switch's page to go back to (services/frontend/local_page.hpp): a local page of the
// shop comes back as it was asked (re-encoded), anything else is the home page.
#include <gtest/gtest.h>

#include "services/frontend/local_page.hpp"

using rapidtrade::frontend::local_page;
using rapidtrade::frontend::local_target;

TEST(LocalPage, APageOfTheShopComesBack) {
    EXPECT_EQ(local_page("/"), "/");
    EXPECT_EQ(local_page("/panier"), "/panier");
    EXPECT_EQ(local_page("/admin/"), "/admin/");
    EXPECT_EQ(local_page("/produits/OPUK6V6EV0"), "/produits/OPUK6V6EV0");
    EXPECT_EQ(local_page("/produits?categorie=canapes&tri=name&page=2"), "/produits?categorie=canapes&tri=name&page=2");
    EXPECT_EQ(local_page("/produits?q=canap%C3%A9"), "/produits?q=canap%C3%A9");
    EXPECT_EQ(local_page("/produits?q=a%26b%3Dc"), "/produits?q=a%26b%3Dc") << "an encoded & stays a value";
}

TEST(LocalPage, AnythingElseIsTheHomePage) {
    for (std::string_view hostile :
         {"", "panier", " /panier", "//evil.example", "//evil.example/x", "/\\evil.example", "\\\\evil", "https://evil.example/",
          "http:/evil", "javascript:alert(1)", "/panier\r\nSet-Cookie: x=y", "/panier\nx", "/%0d%0aSet-Cookie:%20x=y",
          "/panier?x=%0A", "/a%5cb", "/a%00b", "/./panier", "/a/../b", "/a//b", "/x#fragment", "/a b", "/%", "/%zz"}) {
        EXPECT_FALSE(local_target(hostile)) << hostile;
        EXPECT_EQ(local_page(hostile), "/") << hostile;
    }
    EXPECT_EQ(local_page(std::string_view("/pan\0ier", 8)), "/");
    EXPECT_EQ(local_page("/\xc3\x28"), "/") << "not UTF-8";
    EXPECT_EQ(local_page("/" + std::string(2047, 'a')), "/" + std::string(2047, 'a'));
    EXPECT_EQ(local_page("/" + std::string(2048, 'a')), "/") << "at most 2048 bytes";
}
