// An order's status as each page says it (services/frontend/order_status.hpp): the customer's words
// on "Mes commandes", the confirmation and the back-office's customer page, the back-office's own
// on its order lists, in both languages; these are the texts the pages showed before the four
// copies of the status list became one.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "services/frontend/order_status.hpp"

using rapidtrade::frontend::is_order_status;
using rapidtrade::frontend::kOrderStatuses;
using rapidtrade::frontend::order_status_text;
using rapidtrade::frontend::StatusWords;
using rapidtrade::platform::i18n::Language;

TEST(OrderStatus, TheCustomersWords) {
    const std::map<std::string, std::pair<std::string, std::string>> expected{
        {"paid", {"Confirmée", "Confirmed"}},
        {"shipped", {"Expédiée", "Shipped"}},
        {"delivered", {"Livrée", "Delivered"}},
        {"cancelled", {"Annulée et remboursée", "Cancelled and refunded"}},
    };
    for (const auto& [code, words] : expected) {
        EXPECT_EQ(order_status_text(Language::fr, StatusWords::customer, code), words.first) << code;
        EXPECT_EQ(order_status_text(Language::en, StatusWords::customer, code), words.second) << code;
    }
}

TEST(OrderStatus, TheBackOfficeListsWords) {
    const std::map<std::string, std::pair<std::string, std::string>> expected{
        {"paid", {"Payée", "Paid"}},
        {"shipped", {"Expédiée", "Shipped"}},
        {"delivered", {"Livrée", "Delivered"}},
        {"cancelled", {"Annulée", "Cancelled"}},
    };
    for (const auto& [code, words] : expected) {
        EXPECT_EQ(order_status_text(Language::fr, StatusWords::staff, code), words.first) << code;
        EXPECT_EQ(order_status_text(Language::en, StatusWords::staff, code), words.second) << code;
    }
}

TEST(OrderStatus, TheListInTheOrderOfAnOrdersLife) {
    ASSERT_EQ(kOrderStatuses.size(), 4u);
    EXPECT_EQ(kOrderStatuses[0], "paid");
    EXPECT_EQ(kOrderStatuses[1], "shipped");
    EXPECT_EQ(kOrderStatuses[2], "delivered");
    EXPECT_EQ(kOrderStatuses[3], "cancelled");
}

// What the checkout service may one day answer, or a filter a visitor typed: shown (escaped by the
// templates) or refused as it is, never looked up as a message key.
TEST(OrderStatus, AnUnknownCodeIsItself) {
    for (const char* code : {"", "refunded", "Paid", "paid ", "paid.x", "<b>paid</b>", "../paid"}) {
        EXPECT_FALSE(is_order_status(code)) << code;
        EXPECT_EQ(order_status_text(Language::en, StatusWords::customer, code), code);
        EXPECT_EQ(order_status_text(Language::fr, StatusWords::staff, code), code);
    }
    EXPECT_FALSE(is_order_status(std::string_view("paid\0", 5)));
    EXPECT_TRUE(is_order_status("delivered"));
}
