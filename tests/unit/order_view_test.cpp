// An erased customer's order as the pages show it (issue 17): what stands in for the name and the
// address (contracts/erasure.hpp, stored in French in every service) reads in the page's language;
// a real customer's address is shown as typed, whatever the page's language.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "contracts/erasure.hpp"
#include "platform/i18n/messages.hpp"
#include "services/frontend/order_view.hpp"

using namespace rapidtrade;
using platform::i18n::Language;

namespace {

boost::json::object order_to(const std::string& full_name, const std::string& street, const std::string& city) {
    auto money = [](std::int64_t cents) { return boost::json::object{{"amount", cents}, {"currency", "EUR"}}; };
    return boost::json::object{
        {"reference", "1478813299197"},
        {"created_at", "2026-12-01T04:02:49Z"},
        {"status", "paid"},
        {"lines", boost::json::array{boost::json::object{{"product_id", "OPUK6V6EV0"}, {"name", "Canapé Moderne en Cuir"},
                                                         {"quantity", 1}, {"unit_price", money(89900)},
                                                         {"line_total", money(89900)}}}},
        {"subtotal", money(89900)},
        {"discount", money(0)},
        {"shipping", money(5000)},
        {"total", money(94900)},
        {"email", contracts::erasure::kEmail},
        {"shipping_address", boost::json::object{{"full_name", full_name}, {"street", street}, {"city", city},
                                                 {"postal_code", contracts::erasure::kPostalCode}, {"country", "FR"}}},
        {"payment", boost::json::object{{"brand", "visa"}, {"last4", "8918"}}},
    };
}

std::string field(const kainjow::mustache::data& d, const std::string& name) {
    const auto* v = d.get(name);
    return v && v->is_string() ? v->string_value() : std::string("<missing>");
}

}  // namespace

TEST(OrderView, AnErasedCustomersAddressReadsInThePagesLanguage) {
    auto erased = order_to(contracts::erasure::kFullName, contracts::erasure::kStreet, contracts::erasure::kCity);
    auto en = frontend::order_details(Language::en, erased);
    EXPECT_EQ(field(en, "full_name"), "Erased customer");
    EXPECT_EQ(field(en, "street"), "Erased address");
    EXPECT_EQ(field(en, "city"), "Erased");
    // French: the stored words themselves, as before.
    auto fr = frontend::order_details(Language::fr, erased);
    EXPECT_EQ(field(fr, "full_name"), contracts::erasure::kFullName);
    EXPECT_EQ(field(fr, "street"), contracts::erasure::kStreet);
    EXPECT_EQ(field(fr, "city"), contracts::erasure::kCity);
}

TEST(OrderView, ACustomersOwnAddressIsShownAsTyped) {
    // A city that happens to be an erased street's word is no placeholder: each field is compared alone.
    auto typed = order_to("Camille Martin", "12 rue des Lilas", contracts::erasure::kStreet);
    auto en = frontend::order_details(Language::en, typed);
    EXPECT_EQ(field(en, "full_name"), "Camille Martin");
    EXPECT_EQ(field(en, "street"), "12 rue des Lilas");
    EXPECT_EQ(field(en, "city"), contracts::erasure::kStreet);
}
