#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "platform/errors.hpp"
#include "platform/http/problem.hpp"
#include "platform/paging.hpp"

#include <optional>

using namespace rapidtrade::platform;

namespace {

http::Request with_query(std::vector<std::pair<std::string, std::string>> q) {
    http::Request r;
    r.query = std::move(q);
    return r;
}

std::string field_of_error(const http::Request& r) {
    try {
        parse_paging(r);
    } catch (const BadRequest& e) {
        return e.errors().at(0).field;
    }
    return "accepted";
}

}  // namespace

TEST(Paging, Defaults) {
    auto p = parse_paging(with_query({}));
    EXPECT_EQ(p.page, 1);
    EXPECT_EQ(p.per_page, 20);
    EXPECT_EQ(p.offset(), 0);
}

TEST(Paging, ReadsValidValues) {
    auto p = parse_paging(with_query({{"page", "3"}, {"per_page", "100"}}));
    EXPECT_EQ(p.page, 3);
    EXPECT_EQ(p.per_page, 100);
    EXPECT_EQ(p.offset(), 200);
}

TEST(Paging, RejectsOutOfRangeAndNonNumbers) {
    EXPECT_EQ(field_of_error(with_query({{"per_page", "-1"}})), "per_page");
    EXPECT_EQ(field_of_error(with_query({{"per_page", "abc"}})), "per_page");
    EXPECT_EQ(field_of_error(with_query({{"per_page", "100000"}})), "per_page");
    EXPECT_EQ(field_of_error(with_query({{"per_page", "0"}})), "per_page");
    EXPECT_EQ(field_of_error(with_query({{"per_page", "2.5"}})), "per_page");
    EXPECT_EQ(field_of_error(with_query({{"per_page", ""}})), "per_page");
    EXPECT_EQ(field_of_error(with_query({{"page", "0"}})), "page");
    EXPECT_EQ(field_of_error(with_query({{"page", "99999999999999999999"}})), "page");
}

TEST(Problem, FollowsRfc9457WithFieldErrors) {
    auto res = http::problem_response(
        BadRequest("quantity", Msg("api.field.integer_range", {{"min", "1"}, {"max", "99"}})), i18n::Language::en,
        "/apis/carts/1/lines");
    EXPECT_EQ(res.result_int(), 400u);
    EXPECT_EQ(res[boost::beast::http::field::content_type], "application/problem+json; charset=utf-8");
    auto body = boost::json::parse(res.body()).as_object();
    EXPECT_EQ(body.at("status").as_int64(), 400);
    EXPECT_EQ(body.at("title").as_string(), "Bad Request");
    EXPECT_EQ(body.at("instance").as_string(), "/apis/carts/1/lines");
    EXPECT_EQ(body.at("errors").as_array().at(0).at("field").as_string(), "quantity");
    EXPECT_TRUE(body.at("type").as_string().ends_with("/problems/400"));
}

TEST(Problem, CarriesExtraHeaders) {
    auto res = http::problem_response(TooManyRequests(Msg("api.auth.too_many_log_ins", {{"seconds", "30"}}), 30),
                                      i18n::Language::fr);
    EXPECT_EQ(res.result_int(), 429u);
    EXPECT_EQ(res["Retry-After"], "30");
    EXPECT_EQ(boost::json::parse(res.body()).at("detail").as_string(), "trop de connexions échouées ; réessayez dans 30 s");
}

// The same error, rendered in each language: the texts change, nothing a program reads does.
TEST(Problem, SpeaksTheRequestsLanguage) {
    BadRequest error("quantity", Msg("api.field.integer_range", {{"min", "1"}, {"max", "99"}}));
    error.extensions.emplace_back("reason", "too_many");
    auto fr = http::problem_response(error, i18n::Language::fr, "/apis/carts/1/lines");
    auto en = http::problem_response(error, i18n::Language::en, "/apis/carts/1/lines");
    auto fr_body = boost::json::parse(fr.body()).as_object();
    auto en_body = boost::json::parse(en.body()).as_object();
    EXPECT_EQ(fr_body.at("detail").as_string(), "champ invalide « quantity » : doit être un nombre entier de 1 à 99");
    EXPECT_EQ(fr_body.at("errors").at(0).at("message").as_string(), "doit être un nombre entier de 1 à 99");
    EXPECT_EQ(en_body.at("detail").as_string(), "invalid field 'quantity': must be a whole number from 1 to 99");
    EXPECT_EQ(en_body.at("errors").at(0).at("message").as_string(), "must be a whole number from 1 to 99");
    EXPECT_EQ(fr[boost::beast::http::field::content_language], "fr");
    EXPECT_EQ(en[boost::beast::http::field::content_language], "en");
    EXPECT_EQ(fr[boost::beast::http::field::vary], "Accept-Language");
    EXPECT_EQ(en[boost::beast::http::field::vary], "Accept-Language");
    for (const char* member : {"type", "title", "status", "instance", "reason"})
        EXPECT_EQ(fr_body.at(member), en_body.at(member)) << member;
    EXPECT_EQ(fr_body.at("errors").at(0).at("field"), en_body.at("errors").at(0).at("field"));
    EXPECT_EQ(std::string(error.what()), "invalid field 'quantity': must be a whole number from 1 to 99")
        << "the logs read English";
}

TEST(Problem, SumsUpEveryFieldError) {
    BadRequest error(std::vector<FieldError>{{"email", Msg("api.field.required")}, {"extra", Msg("api.field.unknown")}});
    EXPECT_EQ(error.detail(i18n::Language::en), "invalid input: email (is required); extra (unknown field)");
    EXPECT_EQ(error.detail(i18n::Language::fr), "saisie invalide : email (est obligatoire) ; extra (champ inconnu)");
    Unprocessable rule("cart_id", Msg("api.cart.empty"));
    EXPECT_EQ(rule.detail(i18n::Language::en), "cart_id: the cart is empty");
    EXPECT_EQ(rule.detail(i18n::Language::fr), "cart_id : le panier est vide");
}

// A value put into a slot is inserted as it is, never read as a slot or a key itself.
TEST(Problem, SlotValuesAreInsertedAsTheyAre) {
    NotFound error(Msg("api.product.not_found", {{"id", "{id} api.field.required \"<b>"}}));
    EXPECT_EQ(error.detail(i18n::Language::fr), "aucun produit avec l'identifiant {id} api.field.required \"<b>");
    auto body = boost::json::parse(http::problem_response(error, i18n::Language::en).body()).as_object();
    EXPECT_EQ(body.at("detail").as_string(), "no product with id {id} api.field.required \"<b>");
}

// A refusal passed on from another service is already in the request's language.
TEST(Problem, PassesAVerbatimTextOnUnchanged) {
    HttpError error(402, "Payment Required", Msg::verbatim("la carte a été refusée"),
                    {{"card.number", Msg::verbatim("le numéro de carte n'est pas valide")}});
    auto body = boost::json::parse(http::problem_response(error, i18n::Language::en).body()).as_object();
    EXPECT_EQ(body.at("detail").as_string(), "la carte a été refusée");
    EXPECT_EQ(body.at("errors").at(0).at("message").as_string(), "le numéro de carte n'est pas valide");
}

TEST(Problem, TheLanguageComesFromAcceptLanguage) {
    auto with = [](std::optional<std::string> header) {
        http::RawRequest raw;
        if (header) raw.set(boost::beast::http::field::accept_language, *header);
        return http::answer_language(raw);
    };
    EXPECT_EQ(with(std::nullopt), i18n::Language::fr) << "French by default";
    EXPECT_EQ(with("en"), i18n::Language::en);
    EXPECT_EQ(with("en-GB;q=0.9"), i18n::Language::en);
    EXPECT_EQ(with("de, en;q=0.5, fr;q=0.4"), i18n::Language::en);
    EXPECT_EQ(with("en;q=0"), i18n::Language::fr);
    EXPECT_EQ(with("*"), i18n::Language::fr);
    EXPECT_EQ(with(""), i18n::Language::fr);
    EXPECT_EQ(with(std::string(10'000, 'e')), i18n::Language::fr);
    EXPECT_EQ(with("en;q=abc, \x7f\"';--"), i18n::Language::fr);
}
