// Stores of the commerce services on both back ends: stock reservations under concurrency, carts,
// charges, the e-mail outbox and order idempotency.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "database_fixture.hpp"
#include "platform/db/migrations.hpp"
#include "platform/errors.hpp"
#include "services/cart/migrations.hpp"
#include "services/cart/store.hpp"
#include "services/catalog/migrations.hpp"
#include "services/catalog/seed.hpp"
#include "services/catalog/store.hpp"
#include "services/email/dispatcher.hpp"
#include "services/email/migrations.hpp"
#include "services/email/outbox.hpp"

using namespace rapidtrade;

namespace {

class ReservationTest : public test_support::DatabaseTest {
protected:
    void SetUp() override {
        DatabaseTest::SetUp();
        if (HasFatalFailure()) return;
        platform::db::migrate(db(), "catalog", catalog::migrations());
        store = std::make_unique<catalog::CatalogStore>(db());
        catalog::seed_catalog(*store);
    }
    std::int64_t stock(const std::string& id) { return store->find(id)->stock; }
    std::unique_ptr<catalog::CatalogStore> store;
};

}  // namespace

TEST_P(ReservationTest, AllLinesOrNone) {
    auto sofa = stock("OPUK6V6EV0"), corner = stock("1YMWVN1N4O");
    store->reserve("R1", {{"OPUK6V6EV0", 2}, {"1YMWVN1N4O", 1}});
    EXPECT_EQ(stock("OPUK6V6EV0"), sofa - 2);
    EXPECT_EQ(stock("1YMWVN1N4O"), corner - 1);
    // The second line cannot be served: the first is not taken either.
    EXPECT_THROW(store->reserve("R2", {{"OPUK6V6EV0", 1}, {"8KFTT6OL1Y", 1}}), platform::Unprocessable);
    EXPECT_EQ(stock("OPUK6V6EV0"), sofa - 2);
    EXPECT_THROW(store->reserve("R3", {{"ZZZZZZZZZZ", 1}}), platform::NotFound);
    store->reserve("R4", {{"1YMWVN1N4O", 1}, {"1YMWVN1N4O", 2}});
    EXPECT_EQ(stock("1YMWVN1N4O"), corner - 4) << "a product listed twice is reserved once, quantities added";
}

TEST_P(ReservationTest, IdempotentAndReleasable) {
    auto before = stock("OPUK6V6EV0");
    store->reserve("R1", {{"OPUK6V6EV0", 3}});
    store->reserve("R1", {{"OPUK6V6EV0", 3}});
    EXPECT_EQ(stock("OPUK6V6EV0"), before - 3);
    EXPECT_TRUE(store->release("R1"));
    EXPECT_FALSE(store->release("R1")) << "a second release gives nothing back twice";
    EXPECT_EQ(stock("OPUK6V6EV0"), before);
}

// A refused reservation leaves nothing behind: its retry, once the stock is there, reserves.
TEST_P(ReservationTest, ARefusedReservationLeavesNothingAndItsRetryReserves) {
    catalog::ProductChanges one;
    one.stock = 1;
    store->update("8KFTT6OL1Y", one, platform::Actor::service());
    auto sofa = stock("OPUK6V6EV0");
    EXPECT_THROW(store->reserve("R2", {{"OPUK6V6EV0", 1}, {"8KFTT6OL1Y", 2}}), platform::Unprocessable);
    EXPECT_THROW(store->reserve("R3", {{"ZZZZZZZZZZ", 1}}), platform::NotFound);
    EXPECT_FALSE(store->release("R2"));
    EXPECT_FALSE(store->release("R3"));
    catalog::ProductChanges two;
    two.stock = 2;
    store->update("8KFTT6OL1Y", two, platform::Actor::service());
    store->reserve("R2", {{"OPUK6V6EV0", 1}, {"8KFTT6OL1Y", 2}});
    EXPECT_EQ(stock("OPUK6V6EV0"), sofa - 1);
    EXPECT_EQ(stock("8KFTT6OL1Y"), 0);
}

// Retries of one reservation, even at once and even with other lines, take the stock once: the
// reservation made first stands as it was made.
TEST_P(ReservationTest, RetriesOfOneReservationTakeTheStockOnce) {
    auto sofa = stock("OPUK6V6EV0"), corner = stock("1YMWVN1N4O");
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            for (int attempt = 0; attempt < 100; ++attempt) {
                try {
                    store->reserve("RACE", {{"OPUK6V6EV0", 2}});
                    return;
                } catch (const platform::ServiceUnavailable&) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // SQLite busy: again
                } catch (const std::exception&) {
                    ++failed;
                    return;
                }
            }
            ++failed;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(stock("OPUK6V6EV0"), sofa - 2);
    // A retry naming another product as well changes nothing.
    store->reserve("RACE", {{"1YMWVN1N4O", 1}, {"OPUK6V6EV0", 2}});
    EXPECT_EQ(stock("OPUK6V6EV0"), sofa - 2);
    EXPECT_EQ(stock("1YMWVN1N4O"), corner);
    EXPECT_TRUE(store->release("RACE"));
    EXPECT_EQ(stock("OPUK6V6EV0"), sofa);
    EXPECT_EQ(stock("1YMWVN1N4O"), corner) << "the retry's other product was never reserved";
}

TEST_P(ReservationTest, ConcurrentReservationsNeverOversell) {
    catalog::ProductChanges ten;
    ten.stock = 10;
    store->update("OPUK6V6EV0", ten, platform::Actor::service());
    std::atomic<int> ok{0}, refused{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 10; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 5; ++i) {
                auto id = "R" + std::to_string(t) + "-" + std::to_string(i);
                for (int attempt = 0; attempt < 100; ++attempt) {
                    try {
                        store->reserve(id, {{"OPUK6V6EV0", 1}});
                        ++ok;
                        break;
                    } catch (const platform::Unprocessable&) {
                        ++refused;
                        break;
                    } catch (const platform::ServiceUnavailable&) {
                        std::this_thread::sleep_for(std::chrono::milliseconds(2));
                    }
                }
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 10);
    EXPECT_EQ(refused.load(), 40);
    EXPECT_EQ(stock("OPUK6V6EV0"), 0);
}

TEST_P(ReservationTest, PromoCodesIgnoreCase) {
    auto p = store->promotion("vivELEdesign");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->code, "ViveLeDesign");
    EXPECT_EQ(p->percent_off, 30);
    EXPECT_TRUE(p->requires_login);
    EXPECT_FALSE(store->promotion("VIVELEDESIGN2"));
}

namespace {

class CartStoreTest : public test_support::DatabaseTest {};
class OutboxTest : public test_support::DatabaseTest {};

}  // namespace

// Emptying checks who may in its own statements: a customer's cart only for that customer, a guest
// cart for anyone; a refusal changes nothing, an unknown cart is refused.
TEST_P(CartStoreTest, OnlyWhoMaySeeACartEmptiesIt) {
    platform::db::migrate(db(), "cart", cart::migrations());
    cart::CartStore carts(db());
    auto guest = carts.create(std::nullopt);
    auto mine = carts.create(std::string("C1"));
    carts.set_quantity(guest.id, "OPUK6V6EV0", 2);
    carts.set_quantity(mine.id, "1YMWVN1N4O", 1);
    EXPECT_FALSE(carts.empty(mine.id, std::nullopt));
    EXPECT_FALSE(carts.empty(mine.id, std::string("C2")));
    EXPECT_EQ(carts.find(mine.id)->lines.size(), 1u) << "a refused emptying removed lines";
    EXPECT_FALSE(carts.empty("no-such-cart", std::string("C1")));
    EXPECT_TRUE(carts.empty(guest.id, std::string("C2")));
    EXPECT_TRUE(carts.find(guest.id)->lines.empty());
    EXPECT_TRUE(carts.empty(mine.id, std::string("C1")));
    EXPECT_TRUE(carts.find(mine.id)->lines.empty());
    EXPECT_TRUE(carts.empty(mine.id, std::string("C1"))) << "an empty cart empties again";
}

TEST_P(CartStoreTest, LinesMergeAndAbandonedGuestCartsExpire) {
    platform::db::migrate(db(), "cart", cart::migrations());
    cart::CartStore carts(db());
    auto guest = carts.create(std::nullopt);
    auto mine = carts.create(std::string("C1"));
    carts.set_quantity(guest.id, "OPUK6V6EV0", 2);
    carts.set_quantity(guest.id, "1YMWVN1N4O", 98);
    carts.set_quantity(mine.id, "1YMWVN1N4O", 5);
    carts.merge(mine.id, guest.id, 99);
    auto merged = carts.find(mine.id);
    ASSERT_TRUE(merged);
    ASSERT_EQ(merged->lines.size(), 2u);
    for (const auto& l : merged->lines) EXPECT_EQ(l.quantity, l.product_id == "OPUK6V6EV0" ? 2 : 99) << "capped at 99";
    EXPECT_FALSE(carts.find(guest.id)) << "the guest cart is deleted by the merge";
    carts.merge(mine.id, mine.id, 99);
    ASSERT_TRUE(carts.find(mine.id)) << "merging a cart into itself deletes nothing";
    EXPECT_EQ(carts.find(mine.id)->lines.size(), 2u) << "merging a cart into itself changes nothing";
    carts.set_quantity(mine.id, "OPUK6V6EV0", 0);
    EXPECT_EQ(carts.find(mine.id)->lines.size(), 1u);
    auto old_guest = carts.create(std::nullopt);
    auto other_guest = carts.create(std::nullopt);
    carts.set_quantity(other_guest.id, "OPUK6V6EV0", 1);
    EXPECT_EQ(carts.delete_abandoned("9999-12-31T00:00:00Z"), 2) << "only guest carts expire";
    EXPECT_FALSE(carts.find(old_guest.id));
    EXPECT_FALSE(carts.find(other_guest.id));
    EXPECT_TRUE(carts.find(mine.id));
    EXPECT_EQ(carts.latest_of_customer("C1")->id, mine.id);
}

TEST_P(OutboxTest, DedupKeysClaimsAndRetries) {
    platform::db::migrate(db(), "email", email::migrations());
    email::Outbox outbox(db());
    email::Message m{{}, "shop@example.fr", "jean@example.fr", "Sujet", "Texte", "<p>Texte</p>"};
    auto [first, created] = outbox.enqueue(m, "order-1");
    EXPECT_TRUE(created);
    auto [again, created_again] = outbox.enqueue(m, "order-1");
    EXPECT_FALSE(created_again);
    EXPECT_EQ(again.message.id, first.message.id);
    EXPECT_EQ(outbox.count({"jean@example.fr", ""}), 1);

    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    auto claimed = outbox.claim_due(now + 1000, 60000, 10);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_TRUE(outbox.claim_due(now + 1000, 60000, 10).empty()) << "a leased message is not claimed twice";
    outbox.mark_attempt_failed(first.message.id, "connection refused", now + 500, false);
    EXPECT_TRUE(outbox.claim_due(now + 100, 60000, 10).empty()) << "not due yet";
    ASSERT_EQ(outbox.claim_due(now + 1000, 60000, 10).size(), 1u);
    outbox.mark_sent(first.message.id, "smtp");
    auto sent = outbox.find(first.message.id);
    EXPECT_EQ(sent->status, "sent");
    EXPECT_EQ(sent->attempts, 2);
    EXPECT_TRUE(outbox.claim_due(now + 100000, 60000, 10).empty());
}

// Without SMTP, a claimed batch is delivered to the shop's mailbox and recorded as sent in one
// statement: every message of a burst larger than a batch is sent once, and nothing else changes.
TEST_P(OutboxTest, TheMailboxDispatcherRecordsEachMessageSentOnce) {
    platform::db::migrate(db(), "email", email::migrations());
    email::Outbox outbox(db());
    std::vector<std::string> ids;
    for (int i = 0; i < 45; ++i) {
        email::Message m{{}, "shop@example.fr", "client" + std::to_string(i) + "@example.fr", "Sujet", "Texte", "<p>Texte</p>"};
        ids.push_back(outbox.enqueue(m, "burst-" + std::to_string(i)).first.message.id);
    }
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    auto later = outbox.enqueue({{}, "shop@example.fr", "plus-tard@example.fr", "Sujet", "Texte", "<p>Texte</p>"}, "later").first;
    outbox.mark_attempt_failed(later.message.id, "connection refused", now + 3600000, false);  // due in an hour
    {
        email::Dispatcher dispatcher(outbox, std::nullopt, email::DispatcherOptions{});
        dispatcher.start();
        dispatcher.wake();
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            bool all_sent = true;
            for (const auto& id : ids) all_sent &= outbox.find(id)->status == "sent";
            if (all_sent) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    for (const auto& id : ids) {
        auto m = outbox.find(id);
        EXPECT_EQ(m->status, "sent") << id;
        EXPECT_EQ(m->attempts, 1) << id;
        EXPECT_EQ(m->delivered_via, "mailbox") << id;
        EXPECT_FALSE(m->sent_at.empty()) << id;
    }
    auto untouched = outbox.find(later.message.id);
    EXPECT_EQ(untouched->status, "queued");
    EXPECT_EQ(untouched->attempts, 1);
    EXPECT_EQ(untouched->last_error, "connection refused");
}

// Claiming is one statement: dispatchers claiming at the same moment (replicas) never get the
// same message, every due message is claimed once, in due order within a batch, and what is
// leased or not due stays out.
TEST_P(OutboxTest, DispatchersClaimingAtOnceNeverShareAMessage) {
    platform::db::migrate(db(), "email", email::migrations());
    email::Outbox outbox(db());
    for (int i = 0; i < 60; ++i)
        outbox.enqueue({{}, "shop@example.fr", "jean@example.fr", "Sujet " + std::to_string(i), "Texte", ""},
                       "claim-" + std::to_string(i));
    auto later = outbox.enqueue({{}, "shop@example.fr", "jean@example.fr", "Plus tard", "Texte", ""}, "claim-later");
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    outbox.mark_attempt_failed(later.first.message.id, "not yet", now + 3600000, false);  // due in an hour

    std::mutex mutex;
    std::vector<std::string> claimed;
    std::vector<std::thread> dispatchers;
    for (int d = 0; d < 4; ++d)
        dispatchers.emplace_back([&] {
            for (;;) {
                std::vector<email::StoredMessage> batch;
                try {
                    batch = outbox.claim_due(now + 1000, 60000, 7);
                } catch (const platform::ServiceUnavailable&) {
                    continue;  // SQLite busy: try again, as the dispatcher does
                }
                if (batch.empty()) return;
                EXPECT_LE(batch.size(), 7u);
                for (std::size_t i = 1; i < batch.size(); ++i)
                    EXPECT_LE(batch[i - 1].created_at, batch[i].created_at) << "a batch goes in due order";
                std::lock_guard lock(mutex);
                for (const auto& m : batch) claimed.push_back(m.message.id);
            }
        });
    for (auto& t : dispatchers) t.join();
    std::sort(claimed.begin(), claimed.end());
    EXPECT_EQ(std::adjacent_find(claimed.begin(), claimed.end()), claimed.end()) << "a message claimed twice";
    EXPECT_EQ(claimed.size(), 60u);
    EXPECT_FALSE(std::binary_search(claimed.begin(), claimed.end(), later.first.message.id)) << "not due yet";
    EXPECT_TRUE(outbox.claim_due(now + 1000, 60000, 100).empty()) << "all leased";
    EXPECT_EQ(outbox.claim_due(now + 61001, 60000, 100).size(), 60u) << "leases run out";
}

// A customer's mailbox lists what was sent for them, not what was sent to their address: anyone may
// open an account with a guest's address.
TEST_P(OutboxTest, ACustomersMailIsWhatWasSentForThem) {
    platform::db::migrate(db(), "email", email::migrations());
    email::Outbox outbox(db());
    email::Message guest{{}, "shop@example.fr", "camille@example.fr", "Commande invité", "Texte", ""};
    email::Message own{{}, "shop@example.fr", "camille@example.fr", "Commande cliente", "Texte", ""};
    outbox.enqueue(guest, "order-guest");
    auto [stored, created] = outbox.enqueue(own, "order-customer", "CUSTOMER00000001");
    EXPECT_EQ(stored.customer_id, "CUSTOMER00000001");
    auto mine = outbox.list({"", "CUSTOMER00000001"}, 10, 0);
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0].message.subject, "Commande cliente");
    EXPECT_EQ(outbox.count({"", "CUSTOMER00000001"}), 1);
    EXPECT_EQ(outbox.count({"", "SOMEONEELSE00001"}), 0);
    EXPECT_EQ(outbox.count({"camille@example.fr", ""}), 2) << "operators still list by address";
    EXPECT_EQ(outbox.count({}), 2);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ReservationTest, ::testing::Values(test_support::Backend::sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, ReservationTest, ::testing::Values(test_support::Backend::postgres), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Sqlite, CartStoreTest, ::testing::Values(test_support::Backend::sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, CartStoreTest, ::testing::Values(test_support::Backend::postgres), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Sqlite, OutboxTest, ::testing::Values(test_support::Backend::sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, OutboxTest, ::testing::Values(test_support::Backend::postgres), test_support::backend_name);
