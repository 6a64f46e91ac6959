// The auth and customers stores on both back ends.
#include "database_fixture.hpp"
#include "platform/auth/jwt.hpp"
#include "platform/db/migrations.hpp"
#include "platform/errors.hpp"
#include "services/auth/keyring.hpp"
#include "services/auth/migrations.hpp"
#include "services/auth/passwords.hpp"
#include "services/auth/store.hpp"
#include "services/auth/throttle.hpp"
#include "services/customers/migrations.hpp"
#include "services/customers/store.hpp"

using namespace rapidtrade;
using auth::RotateOutcome;

namespace {

class AuthStoreTest : public test_support::DatabaseTest {
protected:
    void SetUp() override {
        DatabaseTest::SetUp();
        if (HasFatalFailure()) return;
        platform::db::migrate(db(), "auth", auth::migrations());
        store = std::make_unique<auth::AuthStore>(db(), std::chrono::seconds(3600));
    }
    std::unique_ptr<auth::AuthStore> store;
};

class CustomerStoreTest : public test_support::DatabaseTest {
protected:
    void SetUp() override {
        DatabaseTest::SetUp();
        if (HasFatalFailure()) return;
        platform::db::migrate(db(), "customers", customers::migrations());
        store = std::make_unique<customers::CustomerStore>(db());
    }
    std::unique_ptr<customers::CustomerStore> store;
};

}  // namespace

TEST_P(AuthStoreTest, CredentialsAreUniqueByEmailAndHashed) {
    auto hash = auth::hash_password("correct horse");
    EXPECT_TRUE(hash.starts_with("$argon2id$"));
    store->create_credential({"C1", "jean@example.fr", hash, {"customer"}});
    EXPECT_THROW(store->create_credential({"C2", "jean@example.fr", hash, {"customer"}}), platform::Conflict);
    auto c = store->by_email("jean@example.fr");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->customer_id, "C1");
    EXPECT_TRUE(auth::verify_password(c->password_hash, "correct horse"));
    EXPECT_FALSE(auth::verify_password(c->password_hash, "wrong horse"));
    EXPECT_EQ(c->roles, std::vector<std::string>{"customer"});
}

TEST_P(AuthStoreTest, RefreshTokensRotateAndReuseRevokesTheFamily) {
    store->create_credential({"C1", "a@example.fr", "h", {"customer"}});
    auto first = store->start_family("C1");
    auto r1 = store->rotate(first);
    ASSERT_EQ(r1.outcome, RotateOutcome::rotated);
    EXPECT_EQ(r1.customer_id, "C1");
    auto r2 = store->rotate(r1.new_token);
    ASSERT_EQ(r2.outcome, RotateOutcome::rotated);
    // The first token comes back: the family dies, including the newest token.
    EXPECT_EQ(store->rotate(first).outcome, RotateOutcome::reused);
    EXPECT_EQ(store->rotate(r2.new_token).outcome, RotateOutcome::revoked);
    EXPECT_EQ(store->rotate("never-issued").outcome, RotateOutcome::unknown);
}

TEST_P(AuthStoreTest, LogoutRevokesAndOtherSessionsSurvive) {
    store->create_credential({"C1", "a@example.fr", "h", {"customer"}});
    auto phone = store->start_family("C1");
    auto laptop = store->start_family("C1");
    store->revoke_family_of(phone);
    EXPECT_EQ(store->rotate(phone).outcome, RotateOutcome::revoked);
    EXPECT_EQ(store->rotate(laptop).outcome, RotateOutcome::rotated);
}

TEST_P(AuthStoreTest, DeletingACredentialEndsItsSessions) {
    store->create_credential({"C1", "a@example.fr", "h", {"customer"}});
    auto token = store->start_family("C1");
    EXPECT_TRUE(store->delete_credential("C1"));
    EXPECT_FALSE(store->delete_credential("C1"));
    EXPECT_NE(store->rotate(token).outcome, RotateOutcome::rotated);
    EXPECT_FALSE(store->by_email("a@example.fr"));
}

TEST_P(AuthStoreTest, TheSigningKeyIsCreatedOnceAndKept) {
    auth::KeyRing first(*store, std::nullopt);
    auth::KeyRing second(*store, std::nullopt);
    EXPECT_EQ(first.signer().kid(), second.signer().kid());
    EXPECT_EQ(first.jwks().at("keys").as_array().size(), 1u);
    auto env_key = platform::auth::SigningKey::generate();
    auth::KeyRing from_env(*store, env_key.private_pem());
    EXPECT_EQ(from_env.signer().kid(), env_key.kid());
}

TEST_P(CustomerStoreTest, ProfilesAndAddressBooksBelongToTheirOwner) {
    store->create({"C1", "a@example.fr", "Anne", "Dupont", {}});
    store->create({"C2", "b@example.fr", "Bruno", "Martin", {}});
    EXPECT_THROW(store->create({"C3", "a@example.fr", "X", "Y", {}}), platform::Conflict);
    auto home = store->add_address("C1", {"Anne Dupont", "1 rue de la Paix", "Paris", "75002", "FR"});
    EXPECT_EQ(store->addresses("C1").size(), 1u);
    EXPECT_TRUE(store->addresses("C2").empty());
    EXPECT_FALSE(store->address("C2", home.id)) << "another customer's address must not be reachable";
    EXPECT_FALSE(store->replace_address("C2", home.id, {"X", "Y", "Z", "75001", "FR"}));
    EXPECT_FALSE(store->remove_address("C2", home.id));
    auto moved = store->replace_address("C1", home.id, {"Anne Dupont", "2 rue de Rivoli", "Paris", "75001", "FR"});
    ASSERT_TRUE(moved);
    EXPECT_EQ(store->address("C1", home.id)->address.street, "2 rue de Rivoli");
    auto renamed = store->update_names("C1", "Annie", "Dupont");
    ASSERT_TRUE(renamed);
    EXPECT_EQ(renamed->first_name, "Annie");
    EXPECT_EQ(store->count(), 2);
    EXPECT_TRUE(store->remove("C1"));
    EXPECT_FALSE(store->find("C1"));
    EXPECT_TRUE(store->addresses("C1").empty()) << "addresses go with their customer";
}

TEST_P(CustomerStoreTest, AnAddressBookHasALimit) {
    store->create({"C1", "a@example.fr", "Anne", "Dupont", {}});
    for (int i = 0; i < customers::CustomerStore::kMaxAddresses; ++i)
        store->add_address("C1", {"A", "Street " + std::to_string(i), "Paris", "75001", "FR"});
    EXPECT_THROW(store->add_address("C1", {"A", "One more", "Paris", "75001", "FR"}), platform::Unprocessable);
}

TEST(LoginThrottle, BlocksAfterTheLimitAndRecovers) {
    auth::LoginThrottle t(3, 100, std::chrono::seconds(1));
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(t.retry_after("a@x.fr", "1.2.3.4"), 0);
        t.record_failure("a@x.fr", "1.2.3.4");
    }
    int wait = t.retry_after("a@x.fr", "1.2.3.4");
    EXPECT_GE(wait, 1);
    EXPECT_EQ(t.retry_after("b@x.fr", "1.2.3.4"), 0) << "another e-mail from the same address is still allowed";
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    EXPECT_EQ(t.retry_after("a@x.fr", "1.2.3.4"), 0);
}

TEST(LoginThrottle, LimitsOneAddressAcrossEmails) {
    auth::LoginThrottle t(100, 5, std::chrono::seconds(60));
    for (int i = 0; i < 5; ++i) t.record_failure("user" + std::to_string(i) + "@x.fr", "6.6.6.6");
    EXPECT_GT(t.retry_after("fresh@x.fr", "6.6.6.6"), 0);
    EXPECT_EQ(t.retry_after("fresh@x.fr", "7.7.7.7"), 0);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, AuthStoreTest, ::testing::Values(test_support::Backend::sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, AuthStoreTest, ::testing::Values(test_support::Backend::postgres), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Sqlite, CustomerStoreTest, ::testing::Values(test_support::Backend::sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, CustomerStoreTest, ::testing::Values(test_support::Backend::postgres), test_support::backend_name);
