#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "platform/errors.hpp"
#include "platform/http/problem.hpp"
#include "platform/paging.hpp"

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
    auto res = http::problem_response(BadRequest("quantity", "must be from 1 to 99"), "/apis/carts/1/lines");
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
    auto res = http::problem_response(TooManyRequests("slow down", 30));
    EXPECT_EQ(res.result_int(), 429u);
    EXPECT_EQ(res["Retry-After"], "30");
}
