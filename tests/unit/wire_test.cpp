// wire_head: the bytes the server writes before an answer's body are exactly those Beast's own
// serializer would write (operator<< serializes with it), for every kind of answer the server sends.
#include <sstream>

#include <boost/beast/http/write.hpp>
#include <gtest/gtest.h>

#include "platform/http/message.hpp"
#include "platform/http/wire.hpp"

namespace http = rapidtrade::platform::http;
namespace bhttp = boost::beast::http;

namespace {

std::string beast_bytes(const http::Response& res) {
    std::ostringstream out;
    boost::beast::http::operator<<(out, res);
    return out.str();
}

void expect_same_as_beast(http::Response res) {
    std::string ours = http::wire_head(res) + res.body();
    EXPECT_EQ(ours, beast_bytes(res));
}

http::Response answer(bhttp::status status, std::string body) {
    http::Response res{status, 11};
    res.set(bhttp::field::content_type, "application/json");
    res.set("X-Request-Id", "3f6c1d0e9a2b4c5d8e7f60718293a4b5");
    res.set(bhttp::field::etag, "\"9c1b7e3f2a6d4c80\"");
    res.set("X-Content-Type-Options", "nosniff");
    res.set(bhttp::field::server, "rapidtrade");
    res.body() = std::move(body);
    return res;
}

}  // namespace

TEST(WireHead, A200WithBodyIsBeastsBytes) {
    auto res = answer(bhttp::status::ok, R"({"items":[{"name":"Canapé Oslo"}]})");
    res.keep_alive(true);
    res.prepare_payload();
    expect_same_as_beast(res);
    EXPECT_TRUE(http::wire_head(res).starts_with("HTTP/1.1 200 OK\r\n"));
    EXPECT_TRUE(http::wire_head(res).ends_with("\r\n\r\n"));
}

TEST(WireHead, HeadKeepsTheLengthWithoutBody) {
    auto res = answer(bhttp::status::ok, "");
    res.content_length(6543);
    auto head = http::wire_head(res);
    EXPECT_NE(head.find("Content-Length: 6543\r\n"), std::string::npos);
    EXPECT_EQ(head, beast_bytes(res));
}

TEST(WireHead, NotModifiedNoContentAndProblemsAreBeastsBytes) {
    auto not_modified = answer(bhttp::status::not_modified, "");
    not_modified.prepare_payload();
    expect_same_as_beast(not_modified);

    http::Response no_content{bhttp::status::no_content, 11};
    no_content.prepare_payload();
    expect_same_as_beast(no_content);

    auto problem = answer(bhttp::status::not_found, R"({"status":404,"detail":"« introuvable »"})");
    problem.set(bhttp::field::content_type, "application/problem+json");
    problem.set(bhttp::field::content_language, "fr");
    problem.keep_alive(false);
    problem.prepare_payload();
    expect_same_as_beast(problem);
    EXPECT_NE(http::wire_head(problem).find("Connection: close\r\n"), std::string::npos);
}

TEST(WireHead, AStatusWithoutAStandardReasonAndAnOwnReason) {
    // 429 and 451 have reasons; an unknown code has none: Beast writes an empty phrase.
    auto throttled = answer(bhttp::status::too_many_requests, "{}");
    throttled.set(bhttp::field::retry_after, "60");
    throttled.prepare_payload();
    expect_same_as_beast(throttled);

    http::Response unknown{static_cast<bhttp::status>(299), 11};
    unknown.prepare_payload();
    expect_same_as_beast(unknown);

    auto own = answer(bhttp::status::service_unavailable, "{}");
    own.reason("Try Later");
    own.prepare_payload();
    expect_same_as_beast(own);
    EXPECT_TRUE(http::wire_head(own).starts_with("HTTP/1.1 503 Try Later\r\n"));
}

TEST(WireHead, Http10KeepAliveAndRepeatedFields) {
    auto res = answer(bhttp::status::found, "");
    res.version(10);
    res.keep_alive(true);
    res.set(bhttp::field::location, "/produits?page=2");
    res.insert(bhttp::field::set_cookie, "a=1; Path=/; HttpOnly");
    res.insert(bhttp::field::set_cookie, "b=2; Path=/; HttpOnly");
    res.prepare_payload();
    expect_same_as_beast(res);
    EXPECT_TRUE(http::wire_head(res).starts_with("HTTP/1.0 302 Found\r\n"));
}
