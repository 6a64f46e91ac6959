// The auth and customers stores on both back ends.
#include "database_fixture.hpp"
#include "platform/auth/jwt.hpp"
#include "platform/db/migrations.hpp"
#include "platform/errors.hpp"
#include "services/auth/keyring.hpp"
#include "services/auth/migrations.hpp"
#include "services/auth/passwords.hpp"
#include "services/auth/staff_accounts.hpp"
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

TEST_P(AuthStoreTest, StaffAccountsAreAddedListedAndDisabled) {
    auth::StaffAccounts staff(*store, "chef@example.fr");
    store->create_credential({"C1", "client@example.fr", "h", {"customer"}});
    auto admin = staff.add("chef@example.fr", "admin", "mot-de-passe-chef");
    EXPECT_EQ(admin.roles, std::vector<std::string>{"admin"});
    EXPECT_GT(admin.created_at, 0);
    staff.add("vendeur@example.fr", "staff", "mot-de-passe-vendeur");
    EXPECT_THROW(staff.add("chef@example.fr", "staff", "mot-de-passe-autre"), platform::Conflict);
    EXPECT_THROW(staff.add("client@example.fr", "staff", "mot-de-passe-autre"), platform::Conflict)
        << "a customer's e-mail is taken too";
    EXPECT_THROW(staff.add("pas-une-adresse", "staff", "mot-de-passe-autre"), platform::BadRequest);
    EXPECT_THROW(staff.add("court@example.fr", "staff", "court"), platform::BadRequest);
    EXPECT_THROW(staff.add("nul@example.fr", "staff", std::string("mot-de-passe\0nul", 16)), platform::BadRequest);
    EXPECT_THROW(staff.add("role@example.fr", "customer", "mot-de-passe-role"), platform::BadRequest);

    auto list = staff.list();
    ASSERT_EQ(list.size(), 2u) << "customers are not staff";
    EXPECT_EQ(list[0].email, "chef@example.fr");
    EXPECT_EQ(list[1].email, "vendeur@example.fr");
    EXPECT_FALSE(list[1].disabled);
    EXPECT_EQ(list[1].created_by, "chef@example.fr") << "who added it is on record";
    EXPECT_EQ(list[1].disabled_by, "");

    auto session = store->start_family(list[1].customer_id);
    auto link = store->start_password_reset(list[1].customer_id, std::chrono::seconds(3600));
    staff.disable("VENDEUR@example.fr");
    EXPECT_TRUE(store->by_email("vendeur@example.fr")->disabled);
    EXPECT_EQ(store->rotate(session).outcome, RotateOutcome::revoked) << "a disabled account's sessions are closed";
    EXPECT_FALSE(store->reset_password(link, "new-hash")) << "and its reset links dead";
    auto disabled = store->by_email("vendeur@example.fr");
    EXPECT_EQ(disabled->disabled_by, "chef@example.fr");
    EXPECT_GT(disabled->disabled_at, 0);
    EXPECT_NO_THROW(auth::StaffAccounts(*store, "autre@example.fr").disable("vendeur@example.fr"))
        << "disabling twice is not an error";
    EXPECT_EQ(store->by_email("vendeur@example.fr")->disabled_by, "chef@example.fr") << "the first author stays";
    EXPECT_THROW(staff.disable_id("C1"), platform::NotFound) << "by id too, a customer is not a staff account";
    EXPECT_THROW(staff.disable_id("NOPE"), platform::NotFound);
    EXPECT_THROW(staff.disable("client@example.fr"), platform::NotFound) << "a customer is not a staff account";
    EXPECT_THROW(staff.disable("personne@example.fr"), platform::NotFound);
}

TEST_P(AuthStoreTest, AResetLinkWorksOnceBeforeItExpiresAndClosesEverySession) {
    store->create_credential({"C1", "a@example.fr", "old-hash", {"customer"}});
    auto phone = store->start_family("C1");
    auto first = store->start_password_reset("C1", std::chrono::seconds(3600));
    auto second = store->start_password_reset("C1", std::chrono::seconds(3600));
    auto expired = store->start_password_reset("C1", std::chrono::seconds(-1));
    EXPECT_FALSE(store->reset_password(expired, "hash-0")) << "an expired link";
    EXPECT_EQ(store->by_id("C1")->password_hash, "old-hash");
    EXPECT_FALSE(store->reset_password("never-issued", "hash-0"));
    EXPECT_TRUE(store->reset_password(first, "hash-1"));
    EXPECT_EQ(store->by_id("C1")->password_hash, "hash-1");
    EXPECT_EQ(store->rotate(phone).outcome, RotateOutcome::revoked) << "every session closed";
    EXPECT_FALSE(store->reset_password(first, "hash-2")) << "used once";
    EXPECT_FALSE(store->reset_password(second, "hash-2")) << "the account's other links die with the change";
    EXPECT_EQ(store->by_id("C1")->password_hash, "hash-1");
}

TEST_P(AuthStoreTest, ChangingThePasswordKeepsOnlyTheNamedSession) {
    store->create_credential({"C1", "a@example.fr", "old-hash", {"customer"}});
    store->create_credential({"C2", "b@example.fr", "other-hash", {"customer"}});
    auto phone = store->start_family("C1");
    auto laptop = store->start_family("C1");
    auto others = store->start_family("C2");
    auto link = store->start_password_reset("C1", std::chrono::seconds(3600));
    store->change_password("C1", "new-hash", laptop);
    EXPECT_EQ(store->by_id("C1")->password_hash, "new-hash");
    EXPECT_EQ(store->rotate(phone).outcome, RotateOutcome::revoked);
    EXPECT_EQ(store->rotate(laptop).outcome, RotateOutcome::rotated) << "the session that changed it stays";
    EXPECT_EQ(store->rotate(others).outcome, RotateOutcome::rotated) << "another account is untouched";
    EXPECT_FALSE(store->reset_password(link, "hash")) << "a pending link dies with the change";
    // Another account's session named as the one to keep keeps nothing.
    auto again = store->start_family("C1");
    auto b = store->start_family("C2");
    store->change_password("C1", "newer-hash", b);
    EXPECT_EQ(store->rotate(again).outcome, RotateOutcome::revoked);
    EXPECT_EQ(store->rotate(b).outcome, RotateOutcome::rotated);
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
    auto renamed = store->update_profile("C1", "Annie", "Dupont", "fr");
    ASSERT_TRUE(renamed);
    EXPECT_EQ(renamed->first_name, "Annie");
    EXPECT_FALSE(store->update_profile("C9", "X", "Y", "fr")) << "no such customer";
    EXPECT_EQ(store->count(), 2);
    EXPECT_TRUE(store->remove("C1"));
    EXPECT_FALSE(store->find("C1"));
    EXPECT_TRUE(store->addresses("C1").empty()) << "addresses go with their customer";
}

// Issue 17: a profile's language, French unless chosen (at sign-up or later), only "fr" or "en".
TEST_P(CustomerStoreTest, AProfileKeepsItsLanguage) {
    store->create({"C1", "a@example.fr", "Anne", "Dupont", {}});
    customers::Customer english{"C2", "b@example.fr", "Ben", "Smith", {}};
    english.language = "en";
    store->create(english);
    EXPECT_EQ(store->find("C1")->language, "fr");
    EXPECT_EQ(store->find("C2")->language, "en");
    auto changed = store->update_profile("C1", "Anne", "Dupont", "en");
    ASSERT_TRUE(changed);
    EXPECT_EQ(changed->language, "en");
    EXPECT_EQ(store->find("C1")->first_name, "Anne");
    EXPECT_EQ(store->list(10, 0).at(0).language, "en");
    // The table refuses anything else, whatever a caller forgot to check.
    EXPECT_ANY_THROW(store->update_profile("C1", "Anne", "Dupont", "de"));
    EXPECT_EQ(store->find("C1")->language, "en");
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
