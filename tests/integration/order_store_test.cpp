// The checkout's order store on both back ends: an order attempt is on record until the order is
// stored, and storing the order completes its Idempotency-Key in the same transaction, so no
// crash can leave an order whose key still says "being placed".
#include <algorithm>

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
TEST_P(OrderStoreTest, AnOrderIsFollowedUpUntilItsEmailAndShipmentAreOnRecord) {
    store->insert(order("1000000000011"));
    store->insert(order("1000000000012"));
    store->insert(order("1000000000013"));
    EXPECT_EQ(store->pending_followups(10).size(), 3u);

    store->record_follow_ups({{"1000000000011", true, std::nullopt},  // e-mail queued, shipping down
                              {"1000000000012", false, "RT123FR"},    // e-mail service down
                              {"1000000000013", true, "RT456FR"}});   // both
    auto pending = store->pending_followups(10);
    std::sort(pending.begin(), pending.end());
    EXPECT_EQ(pending, (std::vector<std::string>{"1000000000011", "1000000000012"}));
    EXPECT_EQ(store->find("1000000000013")->tracking_id, "RT456FR");
    EXPECT_FALSE(store->find("1000000000011")->tracking_id);

    store->record_follow_ups({{"1000000000011", false, std::nullopt}});  // nothing achieved: nothing changes
    EXPECT_EQ(store->pending_followups(10).size(), 2u);
    EXPECT_FALSE(store->find("1000000000011")->tracking_id);
    store->record_follow_ups({{"1000000000011", true, "RT789FR"},  // the retries
                              {"1000000000012", true, "RT123FR"}});
    EXPECT_TRUE(store->pending_followups(10).empty());
    EXPECT_EQ(store->find("1000000000011")->tracking_id, "RT789FR");
    store->record_follow_ups({});  // an empty batch writes nothing and does not fail
}

INSTANTIATE_TEST_SUITE_P(Sqlite, OrderStoreTest, ::testing::Values(test_support::Backend::sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, OrderStoreTest, ::testing::Values(test_support::Backend::postgres), test_support::backend_name);
