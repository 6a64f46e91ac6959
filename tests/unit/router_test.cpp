#include <gtest/gtest.h>

#include "platform/http/router.hpp"

using namespace rapidtrade::platform::http;

namespace {

Handler answer(unsigned status) {
    return [status](Request&) { return empty_response(status); };
}

class RouterTest : public ::testing::Test {
protected:
    void SetUp() override {
        router.mount("catalog", nullptr)
            .get("/apis/products/", answer(200))
            .get("/apis/products/categories", answer(201))
            .get("/apis/products/{id}", answer(202))
            .patch("/apis/products/{id}", answer(203))
            .del("/apis/products/{id}", answer(204));
    }
    Router router;
    std::vector<std::pair<std::string, std::string>> params;
};

}  // namespace

TEST_F(RouterTest, MatchesLiteralAndTrailingSlashAlike) {
    auto a = router.match(Verb::get, "/apis/products/", params);
    auto b = router.match(Verb::get, "/apis/products", params);
    ASSERT_EQ(a.kind, RouteMatch::Kind::found);
    ASSERT_EQ(b.kind, RouteMatch::Kind::found);
    EXPECT_EQ(a.route, b.route);
    EXPECT_EQ(a.route->pattern, "/apis/products/");
    EXPECT_EQ(a.route->service, "catalog");
}

TEST_F(RouterTest, ExtractsPathParameters) {
    auto m = router.match(Verb::get, "/apis/products/OPUK6V6EV0", params);
    ASSERT_EQ(m.kind, RouteMatch::Kind::found);
    EXPECT_EQ(m.route->pattern, "/apis/products/{id}");
    ASSERT_EQ(params.size(), 1u);
    EXPECT_EQ(params[0].first, "id");
    EXPECT_EQ(params[0].second, "OPUK6V6EV0");
}

TEST_F(RouterTest, LiteralSegmentBeatsParameter) {
    auto m = router.match(Verb::get, "/apis/products/categories", params);
    ASSERT_EQ(m.kind, RouteMatch::Kind::found);
    EXPECT_EQ(m.route->pattern, "/apis/products/categories");
    EXPECT_TRUE(params.empty());
}

TEST_F(RouterTest, WrongMethodListsAllowedMethods) {
    auto m = router.match(Verb::put, "/apis/products/OPUK6V6EV0", params);
    EXPECT_EQ(m.kind, RouteMatch::Kind::method_not_allowed);
    EXPECT_EQ(m.allow, "GET, PATCH, DELETE, HEAD");
}

TEST_F(RouterTest, HeadIsAnsweredByGet) {
    auto m = router.match(Verb::head, "/apis/products/X", params);
    ASSERT_EQ(m.kind, RouteMatch::Kind::found);
    EXPECT_EQ(m.route->method, Verb::get);
}

TEST_F(RouterTest, UnknownPathIsNotFoundUnlessAFallbackExists) {
    EXPECT_EQ(router.match(Verb::get, "/apis/nothing", params).kind, RouteMatch::Kind::not_found);
    EXPECT_EQ(router.match(Verb::get, "/apis/products/a/b", params).kind, RouteMatch::Kind::not_found);
    Route fallback;
    fallback.pattern = "/*";
    fallback.service = "frontend";
    fallback.handler = answer(200);
    router.set_fallback(std::move(fallback));
    auto m = router.match(Verb::get, "/panier", params);
    ASSERT_EQ(m.kind, RouteMatch::Kind::found);
    EXPECT_EQ(m.route->service, "frontend");
}

TEST_F(RouterTest, RegisteringTheSameRouteTwiceIsAnError) {
    EXPECT_THROW(router.mount("x", nullptr).get("/apis/products/{other}", answer(200)), std::logic_error);
}

TEST(SplitPath, IgnoresEmptySegments) {
    auto parts = split_path("//a///b/");
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0], "a");
    EXPECT_EQ(parts[1], "b");
    EXPECT_TRUE(split_path("/").empty());
}

// An encoded slash is part of its segment: it never turns a parameter into two segments that
// reach another route.
TEST(RouterEncodedPath, AnEncodedSlashStaysInsideItsSegment) {
    Router router;
    router.mount("cart", nullptr)
        .get("/apis/carts/{id}", answer(200))
        .get("/apis/carts/{id}/lines/{product_id}", answer(201));
    std::vector<std::pair<std::string, std::string>> params;
    auto m = router.match(Verb::get, "/apis/carts/abc%2Flines%2FOPUK6V6EV0", params);
    ASSERT_EQ(m.kind, RouteMatch::Kind::found);
    EXPECT_EQ(m.route->pattern, "/apis/carts/{id}");
    ASSERT_EQ(params.size(), 1u);
    EXPECT_EQ(params[0].second, "abc/lines/OPUK6V6EV0");
    params.clear();
    m = router.match(Verb::get, "/apis/carts/a%20b/lines/x%3Fy", params);
    ASSERT_EQ(m.kind, RouteMatch::Kind::found);
    EXPECT_EQ(params[0].second, "a b");
    EXPECT_EQ(params[1].second, "x?y");
}

// Mount::max_body: the route added last reads larger (or smaller) bodies; every other request, the
// server's limit. Looked up from the request line before the body is read (target with its query).
TEST(RouterBodyLimit, TheMatchedRoutesOwnLimitElseTheServers) {
    Router router;
    router.mount("catalog", nullptr)
        .get("/apis/products/{id}/image", answer(200))
        .put("/apis/products/{id}/image", answer(200))
        .max_body(5 << 20)
        .patch("/apis/products/{id}", answer(200))
        .put("/apis/products/{id}/notes", answer(200))
        .max_body(100);
    EXPECT_EQ(router.body_limit(Verb::put, "/apis/products/OPUK6V6EV0/image", 1 << 20), 5u << 20);
    EXPECT_EQ(router.body_limit(Verb::put, "/apis/products/OPUK6V6EV0/image?x=1#f", 1 << 20), 5u << 20);
    EXPECT_EQ(router.body_limit(Verb::put, "/apis/products/OP%55K6V6EV0/image/", 1 << 20), 5u << 20);
    EXPECT_EQ(router.body_limit(Verb::get, "/apis/products/OPUK6V6EV0/image", 1 << 20), 1u << 20);
    EXPECT_EQ(router.body_limit(Verb::patch, "/apis/products/OPUK6V6EV0", 1 << 20), 1u << 20);
    EXPECT_EQ(router.body_limit(Verb::put, "/apis/products/OPUK6V6EV0/notes", 1 << 20), 100u);
    EXPECT_EQ(router.body_limit(Verb::post, "/apis/products/OPUK6V6EV0/image", 1 << 20), 1u << 20) << "405: no route";
    EXPECT_EQ(router.body_limit(Verb::put, "/nowhere", 1 << 20), 1u << 20);
    EXPECT_EQ(router.body_limit(Verb::put, "/apis/products/a%2Fb/image", 1 << 20), 5u << 20)
        << "%2F stays in its segment";
    EXPECT_EQ(router.body_limit(Verb::put, "/apis/products/a/b/image", 1 << 20), 1u << 20);
    EXPECT_EQ(router.largest_body_limit(1 << 20), 5u << 20);
    EXPECT_EQ(router.largest_body_limit(8 << 20), 8u << 20);
    EXPECT_THROW(Router().mount("x", nullptr).max_body(1), std::logic_error);
}
