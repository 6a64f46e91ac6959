// The checkout's order store on both back ends: an order attempt is on record until the order is
// stored, and storing the order completes its Idempotency-Key in the same transaction, so no
// crash can leave an order whose key still says "being placed".
#include <algorithm>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "database_fixture.hpp"
#include "platform/db/migrations.hpp"
#include "services/checkout/migrations.hpp"
#include "services/checkout/store.hpp"

using namespace rapidtrade;

namespace {

class OrderStoreTest : public test_support::DatabaseTest {
protected:
    void SetUp() override {
        DatabaseTest::SetUp();
        if (HasFatalFailure()) return;
        platform::db::migrate(db(), "checkout", checkout::migrations());
        store = std::make_unique<checkout::OrderStore>(db());
    }

    static checkout::Order order(const std::string& reference) {
        checkout::Order o;
        o.reference = reference;
        o.email = "jean@example.fr";
        o.shipping_address = {"Jean Rault", "86 quai Saint-Nicolas", "Auxerre", "89000", "FR"};
        o.lines = {{"OPUK6V6EV0", "Canapé Moderne en Cuir", 89900, 1, 89900}};
        o.subtotal = o.total = 89900;
        o.charge_id = "ch_1";
        o.card_brand = "visa";
        o.card_last4 = "8918";
        o.cart_id = "cart-1";
        o.created_at = "2026-11-26T08:00:00Z";
        return o;
    }

    std::unique_ptr<checkout::OrderStore> store;
};

}  // namespace

TEST_P(OrderStoreTest, AnAttemptStaysOnRecordUntilItsOrderIsStored) {
    store->begin_attempt("1000000000001", 1000, "guest:key-1");
    store->begin_attempt("1000000000002", 2000, "");
    auto stale = store->attempts_started_before(1500, 10);
    ASSERT_EQ(stale.size(), 1u) << "only the attempts older than the cut-off";
    EXPECT_EQ(stale[0].reference, "1000000000001");
    EXPECT_EQ(stale[0].idempotency_key, "guest:key-1");
    EXPECT_EQ(store->attempts_started_before(5000, 10).at(1).idempotency_key, "") << "an attempt without a key";

    EXPECT_FALSE(store->begin_idempotent("guest:key-1", "hash"));
    EXPECT_TRUE(store->attempt_exists("1000000000001"));
    store->insert(order("1000000000001"), "guest:key-1");
    EXPECT_FALSE(store->attempt_exists("1000000000001")) << "how the saga tells a stored order after a lost COMMIT";
    auto left = store->attempts_started_before(5000, 10);
    ASSERT_EQ(left.size(), 1u) << "the stored order ended its attempt";
    EXPECT_EQ(left[0].reference, "1000000000002");
    auto key = store->begin_idempotent("guest:key-1", "hash");
    ASSERT_TRUE(key);
    EXPECT_EQ(key->status, "done") << "the stored order completed its Idempotency-Key";
    EXPECT_EQ(key->response_status, 201u);
    EXPECT_EQ(key->response_body, boost::json::serialize(checkout::to_json(*store->find("1000000000001"))));

    store->end_attempt("1000000000002");
    EXPECT_TRUE(store->attempts_started_before(5000, 10).empty());
}

// An order is followed up (confirmation e-mail queued, shipment requested) until both are on
// record; a batch of follow-ups records what each achieved in one transaction, and nothing it did not.
// The scan asks for the orders placed before a time: those placed since are still being followed up.
TEST_P(OrderStoreTest, AnOrderIsFollowedUpUntilItsEmailAndShipmentAreOnRecord) {
    const std::string later = "2026-11-26T08:00:01Z";  // the orders are placed at 08:00:00
    store->insert(order("1000000000011"));
    store->insert(order("1000000000012"));
    store->insert(order("1000000000013"));
    EXPECT_EQ(store->pending_followups(later, 10).size(), 3u);
    EXPECT_TRUE(store->pending_followups("2026-11-26T08:00:00Z", 10).empty()) << "placed at that time, not before";
    auto earlier = order("1000000000010");
    earlier.created_at = "2026-11-26T07:59:59Z";
    store->insert(earlier);
    EXPECT_EQ(store->pending_followups(later, 1), (std::vector<std::string>{"1000000000010"})) << "oldest first";
    EXPECT_EQ(store->pending_followups("2026-11-26T08:00:00Z", 10), (std::vector<std::string>{"1000000000010"}));
    store->record_follow_ups({{"1000000000010", true, "RT000FR"}});

    store->record_follow_ups({{"1000000000011", true, std::nullopt},  // e-mail queued, shipping down
                              {"1000000000012", false, "RT123FR"},    // e-mail service down
                              {"1000000000013", true, "RT456FR"}});   // both
    auto pending = store->pending_followups(later, 10);
    std::sort(pending.begin(), pending.end());
    EXPECT_EQ(pending, (std::vector<std::string>{"1000000000011", "1000000000012"}));
    EXPECT_EQ(store->find("1000000000013")->tracking_id, "RT456FR");
    EXPECT_FALSE(store->find("1000000000011")->tracking_id);

    store->record_follow_ups({{"1000000000011", false, std::nullopt}});  // nothing achieved: nothing changes
    EXPECT_EQ(store->pending_followups(later, 10).size(), 2u);
    EXPECT_FALSE(store->find("1000000000011")->tracking_id);
    store->record_follow_ups({{"1000000000011", true, "RT789FR"},  // the retries
                              {"1000000000012", true, "RT123FR"}});
    EXPECT_TRUE(store->pending_followups(later, 10).empty());
    EXPECT_EQ(store->find("1000000000011")->tracking_id, "RT789FR");
    store->record_follow_ups({});  // an empty batch writes nothing and does not fail
}

// The staff's changes: each from the one status it may come from (otherwise nothing changes), each
// on the history with who made it, each leaving its tasks (refund, stock, e-mail) on record until
// they are done; the placing is the history's first entry.
TEST_P(OrderStoreTest, StaffChangesMoveAnOrderOnceAndAreOnItsHistory) {
    store->insert(order("1000000000021"));
    store->insert(order("1000000000022"));
    const checkout::Staff anne{"STAFFANNE0000001", "anne@rapidtrade.test"};
    EXPECT_EQ(store->status_of("1000000000021"), "paid");
    EXPECT_FALSE(store->status_of("1000000000099")) << "no such order";

    EXPECT_FALSE(store->deliver("1000000000021", anne)) << "a paid order is not shipped yet";
    EXPECT_TRUE(store->ship("1000000000021", "Colissimo", "6A12345678901", anne));
    EXPECT_FALSE(store->ship("1000000000021", "DHL", "X", anne)) << "shipped once";
    EXPECT_FALSE(store->cancel("1000000000021", "trop tard", anne)) << "a shipped order cannot be cancelled";
    auto shipped = store->find("1000000000021");
    EXPECT_EQ(shipped->status, "shipped");
    EXPECT_EQ(shipped->carrier, "Colissimo");
    EXPECT_EQ(shipped->carrier_tracking, "6A12345678901");
    EXPECT_TRUE(shipped->shipped_at);
    EXPECT_EQ(store->tasks_of("1000000000021"), (std::vector<std::string>{"email_shipped"}));
    EXPECT_TRUE(store->deliver("1000000000021", anne));
    EXPECT_EQ(store->find("1000000000021")->status, "delivered");

    auto history = store->history("1000000000021");
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[0].event, "placed");
    EXPECT_EQ(history[0].at, "2026-11-26T08:00:00Z");
    EXPECT_FALSE(history[0].staff_id);
    EXPECT_EQ(history[1].event, "shipped");
    EXPECT_EQ(history[1].staff_id, "STAFFANNE0000001");
    EXPECT_EQ(history[1].staff_email, "anne@rapidtrade.test");
    EXPECT_EQ(std::string(boost::json::parse(history[1].details).at("tracking").as_string()), "6A12345678901");
    EXPECT_EQ(history[2].event, "delivered");
    EXPECT_EQ(history[2].status, "delivered");

    // A cancellation: its refund, stock and e-mail are on record until each is done, once.
    EXPECT_TRUE(store->cancel("1000000000022", "Rupture chez le fabricant", anne));
    EXPECT_FALSE(store->cancel("1000000000022", "encore", anne)) << "cancelled once";
    EXPECT_EQ(store->tasks_of("1000000000022"),
              (std::vector<std::string>{"email_cancelled", "refund", "return_stock"}));
    auto with_tasks = store->orders_with_tasks(10);
    std::sort(with_tasks.begin(), with_tasks.end());
    EXPECT_EQ(with_tasks, (std::vector<std::string>{"1000000000021", "1000000000022"}));
    store->end_task("1000000000022", "refund");
    store->end_task("1000000000022", "refund");  // a second time (another replica): nothing more
    auto cancelled = store->find("1000000000022");
    EXPECT_EQ(cancelled->status, "cancelled");
    EXPECT_EQ(cancelled->cancel_reason, "Rupture chez le fabricant");
    EXPECT_TRUE(cancelled->refunded_at);
    EXPECT_FALSE(cancelled->stock_returned_at);
    store->end_task("1000000000022", "return_stock");
    store->end_task("1000000000022", "email_cancelled");
    EXPECT_TRUE(store->tasks_of("1000000000022").empty());
    std::vector<std::string> events;
    for (const auto& e : store->history("1000000000022")) events.push_back(e.event);
    EXPECT_EQ(events, (std::vector<std::string>{"placed", "cancelled", "refunded", "stock_returned"}));
}

// The staff's list: every order, newest first, by status, by customer, and by words of the
// reference, e-mail or name in any case and without accents.
TEST_P(OrderStoreTest, StaffListFiltersByStatusCustomerAndText) {
    auto a = order("1000000000031");
    a.shipping_address.full_name = "Hélène Çelik";
    a.email = "helene@example.fr";
    a.customer_id = "HELENE0000000001";
    a.created_at = "2026-11-26T09:00:00Z";
    auto b = order("1000000000032");
    b.created_at = "2026-11-26T10:00:00Z";
    store->insert(a);
    store->insert(b);
    store->cancel("1000000000032", "doublon", {"S1", "s1@rapidtrade.test"});

    auto [all, total] = store->list({});
    EXPECT_EQ(total, 2);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].reference, "1000000000032") << "newest first";
    EXPECT_EQ(all[0].lines.size(), 1u);
    checkout::OrderQuery paid;
    paid.status = "paid";
    EXPECT_EQ(store->list(paid).second, 1);
    EXPECT_EQ(store->list(paid).first.at(0).reference, "1000000000031");
    checkout::OrderQuery of_helene;
    of_helene.customer_id = "HELENE0000000001";
    EXPECT_EQ(store->list(of_helene).second, 1);
    for (const char* text : {"HELENE celik", "çelik", "helene@example", "0000000031", "100_0000%"}) {
        checkout::OrderQuery q;
        q.text = text;
        auto [found, n] = store->list(q);
        EXPECT_EQ(n, std::string(text) == "100_0000%" ? 0 : 1) << text;
        if (n == 1) {
            EXPECT_EQ(found.at(0).reference, "1000000000031") << text;
        }
    }
    checkout::OrderQuery page2;
    page2.limit = 1;
    page2.offset = 1;
    auto [second, n] = store->list(page2);
    EXPECT_EQ(n, 2);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].reference, "1000000000031");
}

// Orders placed before the search text existed (migration 3) get it at start-up.
TEST_P(OrderStoreTest, OrdersWithoutSearchTextAreFilled) {
    store->insert(order("1000000000041"));
    db().query("UPDATE orders SET search_text = '' WHERE reference = $1", "1000000000041");
    checkout::OrderQuery q;
    q.text = "rault";
    EXPECT_EQ(store->list(q).second, 0);
    EXPECT_EQ(store->fill_search_text(10), 1);
    EXPECT_EQ(store->fill_search_text(10), 0);
    EXPECT_EQ(store->list(q).second, 1);
}

// An order placed before migration 3 (status `confirmed`) is `paid` after it, with its placing as
// the first entry of its history, and found by the staff's search once start-up filled its text.
class OrderMigrationTest : public test_support::DatabaseTest {};

TEST_P(OrderMigrationTest, AnOrderPlacedBeforeTheBackOfficeIsPaidWithItsPlacingOnRecord) {
    auto all = checkout::migrations();
    platform::db::migrate(db(), "checkout", all.first(2));
    db().query("INSERT INTO orders (reference, customer_id, email, status, shipping_address, subtotal, discount, shipping,"
               " total, promo_code, promo_percent, shipping_service, charge_id, card_brand, card_last4, cart_id,"
               " created_at) VALUES ($1, NULL, $2, 'confirmed', $3, 100, 0, 0, 100, NULL, 0, 'International Standard',"
               " 'ch_1', 'visa', '8918', 'cart-1', '2026-11-20T08:00:00Z')",
               "1000000000051", "zoe@example.fr",
               R"({"full_name":"Zoé Lefèvre","street":"1 rue A","city":"Paris","postal_code":"75001","country":"FR"})");
    platform::db::migrate(db(), "checkout", all);
    checkout::OrderStore store(db());
    EXPECT_EQ(store.status_of("1000000000051"), "paid");
    auto history = store.history("1000000000051");
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].event, "placed");
    EXPECT_EQ(history[0].at, "2026-11-20T08:00:00Z");
    EXPECT_EQ(history[0].status, "paid");
    EXPECT_EQ(store.fill_search_text(10), 1);
    checkout::OrderQuery q;
    q.text = "zoe lefevre";
    EXPECT_EQ(store.list(q).second, 1);
    EXPECT_TRUE(store.ship("1000000000051", "Colissimo", "6A1", {"S1", "s1@rapidtrade.test"}));
    EXPECT_EQ(store.history("1000000000051").back().event, "shipped") << "the next entry after the backfilled one";
}

INSTANTIATE_TEST_SUITE_P(Sqlite, OrderMigrationTest, ::testing::Values(test_support::Backend::sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, OrderMigrationTest, ::testing::Values(test_support::Backend::postgres), test_support::backend_name);

INSTANTIATE_TEST_SUITE_P(Sqlite, OrderStoreTest, ::testing::Values(test_support::Backend::sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, OrderStoreTest, ::testing::Values(test_support::Backend::postgres), test_support::backend_name);
