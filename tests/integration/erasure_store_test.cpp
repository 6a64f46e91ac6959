// A customer's erasure (RGPD, issue 15) in each store that holds their data, on both back ends: the
// customers service records it with the profile's deletion and tracks its steps; the checkout keeps
// the orders with the person replaced (and so does the Idempotency-Key's stored answer); the cart
// service deletes the carts; the outbox keeps the log of what was sent without address or content.
// Every step changes nothing more when run again, and touches no one else's data.
#include <limits>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "contracts/erasure.hpp"
#include "database_fixture.hpp"
#include "platform/db/migrations.hpp"
#include "services/cart/migrations.hpp"
#include "services/cart/store.hpp"
#include "services/checkout/migrations.hpp"
#include "services/checkout/store.hpp"
#include "services/customers/migrations.hpp"
#include "services/customers/store.hpp"
#include "services/email/migrations.hpp"
#include "services/email/outbox.hpp"

using namespace rapidtrade;
namespace erased = contracts::erasure;

namespace {

class ErasureStoreTest : public test_support::DatabaseTest {};

const std::vector<std::string> kSteps{"credentials", "carts", "orders", "emails"};
const platform::Actor kStaff{"staff", "S1", "agnes@rapidtrade.example"};

checkout::Order order_of(const std::string& reference, std::optional<std::string> customer, const std::string& email,
                         const std::string& country = "FR") {
    checkout::Order o;
    o.reference = reference;
    o.customer_id = std::move(customer);
    o.email = email;
    o.shipping_address = {"Jean Rault", "86 quai Saint-Nicolas", "Auxerre", country == "FR" ? "89000" : "1000", country};
    o.lines = {{"OPUK6V6EV0", "Canapé Moderne en Cuir", 89900, 1, 89900}};
    o.subtotal = o.total = 89900;
    o.charge_id = "ch_1";
    o.card_brand = "visa";
    o.card_last4 = "8918";
    o.cart_id = "cart-1";
    o.created_at = "2026-11-26T08:00:00Z";
    return o;
}

}  // namespace

TEST_P(ErasureStoreTest, TheProfileGoesWithTheRecordOfItsErasureAndTheStepsAreTracked) {
    platform::db::migrate(db(), "customers", customers::migrations());
    customers::CustomerStore store(db());
    store.create({"ERASEME000000001", "jean@example.fr", "Jean", "Rault", {}});
    store.create({"KEEPME0000000001", "lea@example.fr", "Léa", "Petit", {}});
    store.add_address("ERASEME000000001", {"Jean Rault", "86 quai Saint-Nicolas", "Auxerre", "89000", "FR"});

    EXPECT_FALSE(store.begin_erasure("NOBODY0000000000", "staff:S1", kSteps, kStaff)) << "no such profile: nothing recorded";
    EXPECT_FALSE(store.erasure("NOBODY0000000000"));
    ASSERT_TRUE(store.begin_erasure("ERASEME000000001", "staff:S1", kSteps, kStaff));
    EXPECT_FALSE(store.find("ERASEME000000001"));
    EXPECT_TRUE(store.addresses("ERASEME000000001").empty()) << "the address book went with the profile";
    EXPECT_TRUE(store.find("KEEPME0000000001"));
    EXPECT_FALSE(store.begin_erasure("ERASEME000000001", "staff:S1", kSteps, kStaff)) << "once";

    auto e = store.erasure("ERASEME000000001");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->requested_by, "staff:S1");
    EXPECT_TRUE(e->finished_at.empty());
    EXPECT_EQ(e->pending_steps, kSteps) << "in the order they run";
    EXPECT_EQ(store.unfinished_erasures(10), std::vector<std::string>{"ERASEME000000001"});

    store.erasure_step_done("ERASEME000000001", "credentials");
    store.erasure_step_done("ERASEME000000001", "orders");
    store.erasure_failed("ERASEME000000001", "carts: the cart service is unavailable");
    EXPECT_FALSE(store.finish_erasure("ERASEME000000001")) << "steps are pending";
    EXPECT_EQ(store.pending_erasure_steps("ERASEME000000001"), (std::vector<std::string>{"carts", "emails"}));
    EXPECT_EQ(store.erasure("ERASEME000000001")->attempts, 1);

    store.erasure_step_done("ERASEME000000001", "carts");
    store.erasure_step_done("ERASEME000000001", "emails");
    store.erasure_step_done("ERASEME000000001", "emails");  // a retry's late answer
    EXPECT_TRUE(store.finish_erasure("ERASEME000000001"));
    EXPECT_TRUE(store.finish_erasure("ERASEME000000001"));
    EXPECT_FALSE(store.erasure("ERASEME000000001")->finished_at.empty());
    EXPECT_TRUE(store.unfinished_erasures(10).empty());

    // The demo customer's fixed id is seeded again at the next start: erasing it again starts afresh.
    store.create({"ERASEME000000001", "jean@example.fr", "Jean", "Rault", {}});
    ASSERT_TRUE(store.begin_erasure("ERASEME000000001", "customer", kSteps, platform::Actor::customer()));
    EXPECT_EQ(store.erasure("ERASEME000000001")->pending_steps, kSteps);
    EXPECT_EQ(store.erasure("ERASEME000000001")->requested_by, "customer");
    EXPECT_TRUE(store.erasure("ERASEME000000001")->finished_at.empty());
}

// The customer's history (issue 15): the staff's export and the erasure, each once with who did it,
// the erasure's end by the service; nothing for what found no one; kept after the erasure, without
// the customer's name or e-mail.
TEST_P(ErasureStoreTest, TheHistoryRecordsWhoExportedAndErasedAndOutlivesTheErasure) {
    platform::db::migrate(db(), "customers", customers::migrations());
    customers::CustomerStore store(db());
    store.create({"ERASEME000000001", "jean@example.fr", "Jean", "Rault", {}});
    store.record_event("ERASEME000000001", "exported", kStaff, {{"orders", 2}});
    EXPECT_FALSE(store.begin_erasure("NOBODY0000000000", "staff:S1", kSteps, kStaff));
    EXPECT_EQ(store.history_of("NOBODY0000000000", 20, 0).total, 0) << "a refused erasure records nothing";
    ASSERT_TRUE(store.begin_erasure("ERASEME000000001", "staff:S1", kSteps, kStaff));
    EXPECT_FALSE(store.begin_erasure("ERASEME000000001", "staff:S1", kSteps, kStaff));
    for (const auto& step : kSteps) store.erasure_step_done("ERASEME000000001", step);
    EXPECT_TRUE(store.finish_erasure("ERASEME000000001"));
    EXPECT_TRUE(store.finish_erasure("ERASEME000000001"));

    auto page = store.history_of("ERASEME000000001", 20, 0);
    ASSERT_EQ(page.total, 3);
    EXPECT_EQ(page.items[0].event, "erasure_finished");
    EXPECT_EQ(page.items[0].actor, "service");
    EXPECT_FALSE(page.items[0].staff_id);
    EXPECT_EQ(page.items[1].event, "erasure_requested");
    EXPECT_EQ(page.items[1].staff_id, "S1");
    EXPECT_EQ(page.items[1].staff_email, "agnes@rapidtrade.example");
    EXPECT_EQ(page.items[2].event, "exported");
    EXPECT_EQ(page.items[2].actor, "staff");
    EXPECT_EQ(boost::json::parse(page.items[2].details).at("orders"), 2);
    for (const auto& e : page.items) {
        auto text = boost::json::serialize(platform::to_json(e));
        for (const char* personal : {"jean@example.fr", "Jean", "Rault"})
            EXPECT_EQ(text.find(personal), std::string::npos) << personal << " in " << text;
    }
    auto second = store.history_of("ERASEME000000001", 1, 1);
    EXPECT_EQ(second.total, 3);
    ASSERT_EQ(second.items.size(), 1u);
    EXPECT_EQ(second.items[0].event, "erasure_requested");
}

TEST_P(ErasureStoreTest, StaffSearchFindsByEmailOrNameInAnyCase) {
    platform::db::migrate(db(), "customers", customers::migrations());
    customers::CustomerStore store(db());
    store.create({"CUSTOMER00000001", "jean.rault@example.fr", "Jean", "Rault", {}});
    store.create({"CUSTOMER00000002", "lea_petit@example.fr", "Léa", "Petit", {}});
    auto ids = [&](const std::string& q) {
        std::vector<std::string> out;
        for (const auto& c : store.search(q, 10, 0)) out.push_back(c.id);
        EXPECT_EQ(store.count_matching(q), static_cast<std::int64_t>(out.size())) << q;
        return out;
    };
    EXPECT_EQ(ids("RAULT@"), std::vector<std::string>{"CUSTOMER00000001"});
    EXPECT_EQ(ids("jean rault"), std::vector<std::string>{"CUSTOMER00000001"});
    EXPECT_EQ(ids("Rault Jean"), std::vector<std::string>{"CUSTOMER00000001"});
    EXPECT_EQ(ids("petit"), std::vector<std::string>{"CUSTOMER00000002"});
    EXPECT_EQ(ids("example.fr").size(), 2u);
    EXPECT_EQ(ids("_petit"), std::vector<std::string>{"CUSTOMER00000002"}) << "'_' is a character, not a wildcard";
    EXPECT_TRUE(ids("%").empty()) << "'%' is a character, not a wildcard";
    EXPECT_TRUE(ids("' OR 1=1 --").empty());
}

TEST_P(ErasureStoreTest, OrdersStayWithThePersonReplacedAndTheirStoredAnswerToo) {
    platform::db::migrate(db(), "checkout", checkout::migrations());
    checkout::OrderStore store(db());
    EXPECT_FALSE(store.begin_idempotent("customer:key-1", "hash"));
    store.insert(order_of("1000000000001", "ERASEME000000001", "jean@example.fr"), "customer:key-1");
    store.finish_idempotent("customer:key-1", 201,
                            boost::json::serialize([&] {
                                auto body = checkout::to_json(*store.find("1000000000001"));
                                body["access_token"] = "token-of-the-order";
                                return body;
                            }()));
    store.insert(order_of("1000000000002", "ERASEME000000001", "jean@example.fr", "BE"));
    store.insert(order_of("1000000000003", "KEEPME0000000001", "lea@example.fr"));
    store.insert(order_of("1000000000004", std::nullopt, "jean@example.fr"));  // a guest's, with the same address

    EXPECT_EQ(store.anonymise_customer("ERASEME000000001"), 2);
    for (const auto* ref : {"1000000000001", "1000000000002"}) {
        auto o = store.find(ref);
        ASSERT_TRUE(o);
        EXPECT_EQ(o->email, erased::kEmail);
        EXPECT_EQ(o->shipping_address.full_name, erased::kFullName);
        EXPECT_EQ(o->shipping_address.street, erased::kStreet);
        EXPECT_EQ(o->shipping_address.city, erased::kCity);
        EXPECT_EQ(o->shipping_address.postal_code, erased::kPostalCode);
        EXPECT_EQ(o->total, 89900) << "the accounts keep the amounts";
        EXPECT_EQ(o->lines.size(), 1u);
        EXPECT_EQ(o->card_last4, "8918");
    }
    EXPECT_EQ(store.find("1000000000001")->shipping_address.country, "FR");
    EXPECT_EQ(store.find("1000000000002")->shipping_address.country, "BE") << "the country stays (VAT)";
    EXPECT_EQ(store.of_customer("ERASEME000000001", 10, 0).size(), 2u) << "still listed under the customer id";

    auto answer = store.begin_idempotent("customer:key-1", "hash");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->response_body.find("jean@example.fr"), std::string::npos) << answer->response_body;
    EXPECT_EQ(answer->response_body.find("Saint-Nicolas"), std::string::npos);
    auto replay = boost::json::parse(answer->response_body).as_object();
    EXPECT_EQ(replay["email"].as_string(), erased::kEmail);
    EXPECT_EQ(replay["access_token"].as_string(), "token-of-the-order") << "the rest of the answer is kept";
    EXPECT_EQ(replay["reference"].as_string(), "1000000000001");

    EXPECT_EQ(store.find("1000000000003")->email, "lea@example.fr") << "another customer's order";
    EXPECT_EQ(store.find("1000000000004")->email, "jean@example.fr") << "a guest's order: an address proves nothing";
    EXPECT_EQ(store.anonymise_customer("ERASEME000000001"), 2) << "again: the same result";
    EXPECT_EQ(store.find("1000000000002")->shipping_address.country, "BE");
    EXPECT_EQ(store.anonymise_customer("NOBODY0000000000"), 0);
}

TEST_P(ErasureStoreTest, TheCustomersCartsGoAndNoOneElses) {
    platform::db::migrate(db(), "cart", cart::migrations());
    cart::CartStore carts(db());
    auto first = carts.create(std::string("ERASEME000000001"));
    auto second = carts.create(std::string("ERASEME000000001"));
    auto other = carts.create(std::string("KEEPME0000000001"));
    auto guest = carts.create(std::nullopt);
    carts.set_quantity(first.id, "OPUK6V6EV0", 2);
    carts.set_quantity(other.id, "OPUK6V6EV0", 1);
    EXPECT_EQ(carts.delete_of_customer("ERASEME000000001"), 2);
    EXPECT_FALSE(carts.find(first.id));
    EXPECT_FALSE(carts.find(second.id));
    EXPECT_FALSE(carts.latest_of_customer("ERASEME000000001"));
    ASSERT_TRUE(carts.find(other.id));
    EXPECT_EQ(carts.find(other.id)->lines.size(), 1u);
    EXPECT_TRUE(carts.find(guest.id));
    EXPECT_EQ(db().query("SELECT COUNT(*) FROM cart_lines WHERE cart_id = $1", first.id)[0].i64(0), 0) << "its lines too";
    EXPECT_EQ(carts.delete_of_customer("ERASEME000000001"), 0);
}

TEST_P(ErasureStoreTest, TheMailSentForTheCustomerLosesAddressAndContentAndIsNeverSentAgain) {
    platform::db::migrate(db(), "email", email::migrations());
    email::Outbox outbox(db());
    email::Message sent{{}, "shop@example.fr", "jean@example.fr", "Confirmation de votre commande", "Bonjour Jean", "<p>Bonjour Jean</p>"};
    email::Message queued{{}, "shop@example.fr", "jean@example.fr", "Votre commande est expédiée", "Jean, 86 quai", ""};
    email::Message guest{{}, "shop@example.fr", "jean@example.fr", "Commande invité", "Texte", ""};
    email::Message other{{}, "shop@example.fr", "lea@example.fr", "Commande de Léa", "Texte", ""};
    auto first = outbox.enqueue(sent, "order-1", "ERASEME000000001").first;
    auto second = outbox.enqueue(queued, "order-2", "ERASEME000000001").first;
    outbox.enqueue(guest, "order-guest");
    outbox.enqueue(other, "order-3", "KEEPME0000000001");
    auto claimed = outbox.claim_due(std::numeric_limits<std::int64_t>::max() / 2, 1000, 10);
    for (const auto& m : claimed)
        if (m.message.id == first.message.id) outbox.mark_sent(m.message.id, "smtp");
        else outbox.release_claim(m.message.id);

    EXPECT_EQ(outbox.anonymise_customer("ERASEME000000001"), 2);
    for (const auto& id : {first.message.id, second.message.id}) {
        auto m = outbox.find(id);
        ASSERT_TRUE(m);
        EXPECT_EQ(m->message.to, erased::kEmail);
        EXPECT_EQ(m->message.subject, erased::kSubject);
        EXPECT_EQ(m->message.text, erased::kBody);
        EXPECT_EQ(m->message.html, "");
    }
    EXPECT_EQ(outbox.find(first.message.id)->status, "sent") << "the log says it was sent";
    EXPECT_EQ(outbox.find(second.message.id)->status, "failed") << "never sent now";
    EXPECT_EQ(outbox.enqueue(sent, "order-1", "ERASEME000000001").second, false) << "its dedup key still holds";
    for (const auto& m : outbox.claim_due(std::numeric_limits<std::int64_t>::max() / 2, 1000, 10))
        EXPECT_NE(m.message.id, second.message.id) << "an erased message is never claimed";
    EXPECT_EQ(outbox.count({"jean@example.fr", ""}), 1) << "the guest's mail stays: an address proves nothing";
    EXPECT_EQ(outbox.count({"lea@example.fr", ""}), 1);
    EXPECT_EQ(outbox.anonymise_customer("ERASEME000000001"), 2) << "again: the same result";
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ErasureStoreTest, ::testing::Values(test_support::Backend::sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, ErasureStoreTest, ::testing::Values(test_support::Backend::postgres), test_support::backend_name);
