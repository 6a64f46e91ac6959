// A refusal kept under an Idempotency-Key (services/checkout/kept_refusal.hpp): rendered in every
// language when the checkout wrote its texts, in the one it was said in when another service did;
// a replay takes the request's language, and an answer kept without languages (an order, a refusal
// kept before them) is replayed byte for byte.
#include "services/checkout/kept_refusal.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "platform/errors.hpp"

using namespace rapidtrade;
using platform::i18n::Language;

namespace {

platform::HttpError promo_unknown() {
    platform::Unprocessable e("promo_code", platform::Msg("api.promotion.unknown_code", {{"code", "INCONNU2026"}}));
    e.extensions.emplace_back("reason", "promo_unknown");
    return e;
}

// As saga.cpp's forward_problem passes the payment's refusal on: texts as said.
platform::HttpError declined_verbatim() {
    platform::HttpError e(402, "Payment Required", platform::Msg::verbatim("la carte a été refusée"));
    e.extensions.emplace_back("reason", "declined");
    return e;
}

boost::json::object parsed(const std::string& body) { return boost::json::parse(body).as_object(); }

std::string header(const platform::http::Response& res, boost::beast::http::field name) {
    return std::string(res[name]);
}

checkout::IdempotencyRecord refusal_record(const checkout::KeptRefusal& kept) {
    return {"hash", "done", kept.first.result_int(), kept.first.body(), kept.answers};
}

}  // namespace

TEST(KeptRefusal, TheCheckoutsOwnRefusalIsKeptInEveryLanguage) {
    auto kept = checkout::keep_refusal(promo_unknown(), Language::fr, "/apis/orders/");
    EXPECT_EQ(kept.first.result_int(), 422u);
    EXPECT_EQ(header(kept.first, boost::beast::http::field::content_language), "fr");
    ASSERT_EQ(kept.answers.size(), 2u);
    EXPECT_EQ(kept.answers[0].language, "fr");
    EXPECT_EQ(kept.answers[0].body, kept.first.body()) << "the first answer is the French one kept";
    EXPECT_EQ(kept.answers[1].language, "en");
    auto fr = parsed(kept.answers[0].body);
    auto en = parsed(kept.answers[1].body);
    EXPECT_EQ(fr.at("detail").as_string(), "promo_code : code promo inconnu : INCONNU2026");
    EXPECT_EQ(en.at("detail").as_string(), "promo_code: unknown promo code INCONNU2026");
    EXPECT_EQ(en.at("errors").at(0).at("message").as_string(), "unknown promo code INCONNU2026");
    for (const char* member : {"type", "title", "status", "instance", "reason"})
        EXPECT_EQ(en.at(member), fr.at(member)) << member;
    EXPECT_EQ(en.at("errors").at(0).at("field"), fr.at("errors").at(0).at("field"));
}

TEST(KeptRefusal, ARefusalAnotherServiceSaidIsKeptOnlyInItsLanguage) {
    EXPECT_TRUE(declined_verbatim().in_one_language());
    EXPECT_FALSE(promo_unknown().in_one_language());
    platform::BadRequest field_passed_on(
        std::vector<platform::FieldError>{{"card.cvv", platform::Msg::verbatim("must be 3 or 4 digits")}});
    EXPECT_TRUE(field_passed_on.in_one_language()) << "a field's message said by another service is enough";

    auto kept = checkout::keep_refusal(declined_verbatim(), Language::en, "/apis/orders/");
    ASSERT_EQ(kept.answers.size(), 1u);
    EXPECT_EQ(kept.answers[0].language, "en") << "the language the request asked the other service for";
    EXPECT_EQ(kept.answers[0].body, kept.first.body());
}

TEST(KeptRefusal, AReplayTakesTheRequestsLanguage) {
    auto record = refusal_record(checkout::keep_refusal(promo_unknown(), Language::fr, "/apis/orders/"));
    for (auto [asked, code, detail] :
         {std::tuple{Language::en, "en", "promo_code: unknown promo code INCONNU2026"},
          std::tuple{Language::fr, "fr", "promo_code : code promo inconnu : INCONNU2026"}}) {
        auto res = checkout::replay(record, asked);
        EXPECT_EQ(res.result_int(), 422u);
        EXPECT_EQ(parsed(res.body()).at("detail").as_string(), detail);
        EXPECT_EQ(header(res, boost::beast::http::field::content_language), code);
        EXPECT_EQ(header(res, boost::beast::http::field::vary), "Accept-Language");
        EXPECT_EQ(header(res, boost::beast::http::field::content_type), "application/problem+json; charset=utf-8");
        EXPECT_EQ(res["Idempotent-Replayed"], "true");
    }
    EXPECT_EQ(checkout::replay(record, Language::fr).body(), record.response_body)
        << "French: the first answer's bytes";
}

TEST(KeptRefusal, ARefusalInOneLanguageIsReplayedInItAndSaysSo) {
    auto record = refusal_record(checkout::keep_refusal(declined_verbatim(), Language::fr, "/apis/orders/"));
    auto res = checkout::replay(record, Language::en);
    EXPECT_EQ(res.result_int(), 402u);
    EXPECT_EQ(res.body(), record.response_body);
    EXPECT_EQ(header(res, boost::beast::http::field::content_language), "fr")
        << "not labelled as the English it is not";
    EXPECT_EQ(res["Idempotent-Replayed"], "true");
}

TEST(KeptRefusal, AnswersKeptWithoutLanguagesAreReplayedAsSent) {
    const std::string old_problem =
        R"({"type":"https://rapidtrade.example.fr/problems/422","title":"Unprocessable Content",)"
        R"("status":422,"detail":"le panier est vide","instance":"/apis/orders/"})";
    auto old = checkout::replay({"hash", "done", 422, old_problem, {}}, Language::en);
    EXPECT_EQ(old.result_int(), 422u);
    EXPECT_EQ(old.body(), old_problem);
    EXPECT_EQ(header(old, boost::beast::http::field::content_type), "application/problem+json; charset=utf-8");
    EXPECT_EQ(old.count(boost::beast::http::field::content_language), 0u) << "its language was never recorded";
    EXPECT_EQ(old["Idempotent-Replayed"], "true");

    const std::string order = R"({"reference":"1000000000001","language":"fr"})";
    auto placed = checkout::replay({"hash", "done", 201, order, {}}, Language::en);
    EXPECT_EQ(placed.result_int(), 201u);
    EXPECT_EQ(placed.body(), order);
    EXPECT_EQ(header(placed, boost::beast::http::field::content_type), "application/json; charset=utf-8");
    EXPECT_EQ(placed.count(boost::beast::http::field::content_language), 0u);
}

TEST(KeptRefusal, OnlyALanguageWeSpeakReachesTheHeader) {
    const std::string body = R"({"status":422})";
    checkout::IdempotencyRecord record{"hash", "done", 422, body, {{"en\r\nSet-Cookie: x=1", "{}"}, {"de", "{}"}}};
    auto res = checkout::replay(record, Language::en);
    EXPECT_EQ(res.body(), body) << "no answer in a language we speak: the first answer, as sent";
    EXPECT_EQ(res.count(boost::beast::http::field::content_language), 0u);
    EXPECT_EQ(res.count("Set-Cookie"), 0u);

    record.answers.push_back({"fr", R"({"status":422,"detail":"fr"})"});
    auto fallback = checkout::replay(record, Language::en);
    EXPECT_EQ(fallback.body(), R"({"status":422,"detail":"fr"})") << "French when the language asked was not kept";
    EXPECT_EQ(header(fallback, boost::beast::http::field::content_language), "fr");
}
