// An order request's Idempotency-Key on both back ends (issue 17): a refusal is kept in every
// language and a retry is answered in its own, one another service said stays in the language it
// was said in, an order (201) and a refusal kept before migration 5 are replayed byte for byte, and
// a key abandoned meanwhile keeps no answer behind. Idempotency::answer_once with the real store.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "database_fixture.hpp"
#include "platform/db/migrations.hpp"
#include "platform/encoding.hpp"
#include "platform/errors.hpp"
#include "services/checkout/idempotency.hpp"
#include "services/checkout/migrations.hpp"
#include "services/checkout/store.hpp"

using namespace rapidtrade;
namespace bhttp = boost::beast::http;

namespace {

const boost::json::object kBody{{"cart_id", "CART0000000000000000000001"}, {"promo_code", "INCONNU2026"}};

// POST /apis/orders/ with `key`, asking for `language` ("" : no Accept-Language).
platform::http::Request request(const std::string& key, const std::string& language = "") {
    platform::http::Request r;
    r.raw.method(bhttp::verb::post);
    r.raw.set("Idempotency-Key", key);
    if (!language.empty()) r.raw.set(bhttp::field::accept_language, language);
    r.path = "/apis/orders/";
    return r;
}

std::string detail(const platform::http::Response& res) {
    return std::string(boost::json::parse(res.body()).at("detail").as_string());
}

class IdempotentReplayTest : public test_support::DatabaseTest {
  protected:
    void SetUp() override {
        DatabaseTest::SetUp();
        if (HasFatalFailure()) return;
        platform::db::migrate(db(), "checkout", checkout::migrations());
        store = std::make_unique<checkout::OrderStore>(db());
        idempotency = std::make_unique<checkout::Idempotency>(*store);
    }

    platform::http::Response answer(const std::string& key, const std::string& language,
                                    const checkout::Idempotency::Place& place) {
        return idempotency->answer_once(request(key, language), "guest", kBody, place);
    }

    // Places nothing: refuses as the checkout does for an unknown promo code, counting the tries.
    checkout::Idempotency::Place refuse_promo() {
        return [this](const std::string&) -> platform::http::Response {
            ++placings;
            platform::Unprocessable e("promo_code",
                                      platform::Msg("api.promotion.unknown_code", {{"code", "INCONNU2026"}}));
            e.extensions.emplace_back("reason", "promo_unknown");
            throw e;
        };
    }

    std::unique_ptr<checkout::OrderStore> store;
    std::unique_ptr<checkout::Idempotency> idempotency;
    int placings = 0;
};

}  // namespace

TEST_P(IdempotentReplayTest, ARefusalIsReplayedInTheRetrysLanguage) {
    auto first = answer("promo-1", "", refuse_promo());
    EXPECT_EQ(first.result_int(), 422u);
    EXPECT_EQ(first[bhttp::field::content_language], "fr");
    EXPECT_EQ(first.count("Idempotent-Replayed"), 0u);

    auto en = answer("promo-1", "en-GB", refuse_promo());
    EXPECT_EQ(en.result_int(), 422u);
    EXPECT_EQ(detail(en), "promo_code: unknown promo code INCONNU2026");
    EXPECT_EQ(en[bhttp::field::content_language], "en");
    EXPECT_EQ(en[bhttp::field::vary], "Accept-Language");
    EXPECT_EQ(en["Idempotent-Replayed"], "true");
    auto fr = answer("promo-1", "*", refuse_promo());
    EXPECT_EQ(fr.body(), first.body()) << "French again: the first answer's bytes";
    EXPECT_EQ(fr[bhttp::field::content_language], "fr");
    EXPECT_EQ(placings, 1) << "a replay places nothing";

    // The other way round: placed in English, replayed in French.
    auto english = answer("promo-2", "en", refuse_promo());
    auto french = answer("promo-2", "", refuse_promo());
    EXPECT_EQ(detail(english), "promo_code: unknown promo code INCONNU2026");
    EXPECT_EQ(detail(french), "promo_code : code promo inconnu : INCONNU2026");
    EXPECT_EQ(french[bhttp::field::content_language], "fr");
    EXPECT_EQ(placings, 2);
}

TEST_P(IdempotentReplayTest, ARefusalAnotherServiceSaidStaysInItsLanguage) {
    auto declined = [this](const std::string&) -> platform::http::Response {
        ++placings;
        platform::HttpError e(402, "Payment Required", platform::Msg::verbatim("the card was declined"));
        e.extensions.emplace_back("reason", "declined");
        throw e;
    };
    auto first = answer("card-1", "en", declined);
    auto replay = answer("card-1", "fr", declined);
    EXPECT_EQ(replay.result_int(), 402u);
    EXPECT_EQ(replay.body(), first.body());
    EXPECT_EQ(replay[bhttp::field::content_language], "en") << "said in English, labelled so";
    EXPECT_EQ(replay["Idempotent-Replayed"], "true");
    EXPECT_EQ(placings, 1);
}

TEST_P(IdempotentReplayTest, AnOrderIsReplayedByteForByte) {
    auto place = [this](const std::string&) {
        ++placings;
        return platform::http::json_response(201, {{"reference", "1000000000001"}, {"language", "fr"}});
    };
    auto first = answer("order-1", "", place);
    for (const char* language : {"en", "fr", ""}) {
        auto replay = answer("order-1", language, place);
        EXPECT_EQ(replay.result_int(), 201u);
        EXPECT_EQ(replay.body(), first.body());
        EXPECT_EQ(replay.count(bhttp::field::content_language), 0u);
        EXPECT_EQ(replay["Idempotent-Replayed"], "true");
    }
    EXPECT_EQ(placings, 1);
}

// A key that Saga::reconcile abandoned while its request was still being refused keeps nothing,
// and leaves nothing that would stop the key from being used again.
TEST_P(IdempotentReplayTest, AnAbandonedKeyKeepsNoAnswer) {
    const std::vector<checkout::IdempotencyAnswer> answers{{"en", R"({"detail":"en"})"}, {"fr", R"({"detail":"fr"})"}};
    EXPECT_FALSE(store->begin_idempotent("guest:k", "h"));
    store->abandon_idempotent("guest:k");
    store->finish_idempotent("guest:k", 422, R"({"detail":"fr"})", answers);
    EXPECT_FALSE(store->begin_idempotent("guest:k", "h")) << "nothing was kept: the key is new again";
    store->finish_idempotent("guest:k", 422, R"({"detail":"fr"})", answers);
    auto kept = store->begin_idempotent("guest:k", "h");
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->status, "done");
    ASSERT_EQ(kept->answers.size(), 2u);
    EXPECT_EQ(kept->answers[0].language, "en");
    EXPECT_EQ(kept->answers[1].body, R"({"detail":"fr"})");
}

// A refusal kept before migration 5 (a plain problem document) is replayed as it was.
class IdempotentReplayMigrationTest : public test_support::DatabaseTest {};

TEST_P(IdempotentReplayMigrationTest, ARefusalKeptBeforeItsLanguagesIsReplayedAsItWas) {
    auto all = checkout::migrations();
    platform::db::migrate(db(), "checkout", all.first(4));
    const std::string old = R"({"type":"https://rapidtrade.example.fr/problems/422","title":"Unprocessable Content",)"
                            R"("status":422,"detail":"le panier est vide","instance":"/apis/orders/"})";
    db().query(
        "INSERT INTO idempotency_keys (idempotency_key, request_hash, status, response_status, response_body,"
        " created_at) VALUES ($1, $2, 'done', 422, $3, 1)",
        "guest:old-1", platform::sha256_hex(boost::json::serialize(kBody)), old);
    platform::db::migrate(db(), "checkout", all);
    checkout::OrderStore store(db());
    checkout::Idempotency idempotency(store);
    int placings = 0;
    auto replay = idempotency.answer_once(request("old-1", "en"), "guest", kBody, [&](const std::string&) {
        ++placings;
        return platform::http::empty_response(500);
    });
    EXPECT_EQ(replay.result_int(), 422u);
    EXPECT_EQ(replay.body(), old);
    EXPECT_EQ(replay[bhttp::field::content_type], "application/problem+json; charset=utf-8");
    EXPECT_EQ(replay.count(bhttp::field::content_language), 0u);
    EXPECT_EQ(replay["Idempotent-Replayed"], "true");
    EXPECT_EQ(placings, 0);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, IdempotentReplayTest, ::testing::Values(test_support::Backend::sqlite),
                         test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, IdempotentReplayTest, ::testing::Values(test_support::Backend::postgres),
                         test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Sqlite, IdempotentReplayMigrationTest, ::testing::Values(test_support::Backend::sqlite),
                         test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, IdempotentReplayMigrationTest, ::testing::Values(test_support::Backend::postgres),
                         test_support::backend_name);
