// The service-to-service client against a real server (the platform's own, on a free port).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <boost/asio/thread_pool.hpp>
#include <boost/json/serialize.hpp>

#include "platform/errors.hpp"
#include "platform/http/client.hpp"
#include "platform/http/server.hpp"

using namespace rapidtrade::platform;
using namespace std::chrono_literals;

namespace {

class HttpClientTest : public ::testing::Test {
protected:
    void SetUp() override {
        router.mount("test", &pool)
            .get("/echo",
                 [this](http::Request& r) {
                     ++hits;
                     return http::json_response(200, {{"api_key", r.header("X-Api-Key")},
                                                      {"request_id", r.header("X-Request-Id")},
                                                      {"authorization", r.header("Authorization")}});
                 })
            .post("/echo", [](http::Request& r) { return http::json_response(201, r.json()); })
            .get("/slow",
                 [](http::Request&) {
                     std::this_thread::sleep_for(400ms);
                     return http::json_response(200, {{"slow", true}});
                 })
            .get("/flaky",
                 [this](http::Request&) {
                     if (++flaky_calls < 3) throw ServiceUnavailable("not yet");
                     return http::json_response(200, {{"after", flaky_calls.load()}});
                 })
            .post("/flaky", [this](http::Request&) -> http::Response {
                ++flaky_posts;
                throw ServiceUnavailable("down");
            });
        ServerConfig cfg;
        cfg.host = "127.0.0.1";
        cfg.port = 0;
        cfg.io_threads = 1;
        cfg.access_log = false;
        server = std::make_unique<http::Server>(cfg, router, metrics);
        server->listen();
        thread = std::thread([this] { server->run(); });
        upstream = {"test", "http://127.0.0.1:" + std::to_string(server->port()), "the-key"};
    }
    void TearDown() override {
        server->stop();
        thread.join();
        pool.join();
    }
    long open_connections() { return static_cast<long>(metrics.open_connections().Value()); }

    boost::asio::thread_pool pool{4};
    http::Router router;
    Metrics metrics;
    std::unique_ptr<http::Server> server;
    std::thread thread;
    http::Upstream upstream;
    std::atomic<int> hits{0}, flaky_calls{0}, flaky_posts{0};
};

}  // namespace

TEST_F(HttpClientTest, SendsTheApiKeyAndHeadersAndReusesTheConnection) {
    http::HttpClient client;
    for (int i = 0; i < 20; ++i) {
        auto r = client.get(upstream, "/echo", {{"Authorization", "Bearer t"}});
        ASSERT_EQ(r.status, 200u);
        auto body = r.json().as_object();
        EXPECT_EQ(body.at("api_key").as_string(), "the-key");
        EXPECT_EQ(body.at("authorization").as_string(), "Bearer t");
    }
    EXPECT_EQ(hits.load(), 20);
    EXPECT_EQ(open_connections(), 1) << "keep-alive: one pooled connection for sequential calls";
}

TEST_F(HttpClientTest, PostsJson) {
    http::HttpClient client;
    auto r = client.send_json(upstream, http::Verb::post, "/echo", {{"quantity", 2}});
    EXPECT_EQ(r.status, 201u);
    EXPECT_EQ(r.json().at("quantity").as_int64(), 2);
}

TEST_F(HttpClientTest, NonServerErrorsAreReturnedToTheCaller) {
    http::HttpClient client;
    auto r = client.get(upstream, "/missing");
    EXPECT_EQ(r.status, 404u);
    EXPECT_NE(r.content_type.find("problem+json"), std::string::npos);
}

TEST_F(HttpClientTest, RequestTimeoutIsA503) {
    http::ClientOptions o;
    o.request_timeout = 100ms;
    o.max_attempts = 1;
    http::HttpClient client(o);
    auto started = std::chrono::steady_clock::now();
    try {
        client.get(upstream, "/slow");
        FAIL() << "no timeout";
    } catch (const ServiceUnavailable& e) {
        EXPECT_EQ(e.status(), 503);
        EXPECT_NE(std::string(e.what()).find("test service"), std::string::npos) << e.what();
    }
    EXPECT_LT(std::chrono::steady_clock::now() - started, 350ms);
}

TEST_F(HttpClientTest, IdempotentRequestsAreRetriedWithBackoff) {
    http::ClientOptions o;
    o.backoff = 10ms;
    http::HttpClient client(o);
    auto r = client.get(upstream, "/flaky");
    EXPECT_EQ(r.status, 200u);
    EXPECT_EQ(flaky_calls.load(), 3);
}

TEST_F(HttpClientTest, PostsAreNotRetried) {
    http::ClientOptions o;
    o.backoff = 10ms;
    http::HttpClient client(o);
    EXPECT_THROW(client.send_json(upstream, http::Verb::post, "/flaky", {{"x", 1}}), ServiceUnavailable);
    EXPECT_EQ(flaky_posts.load(), 1);
}

TEST_F(HttpClientTest, UnreachableUpstreamIsA503NamingIt) {
    http::ClientOptions o;
    o.backoff = 1ms;
    http::HttpClient client(o);
    http::Upstream down{"cart", "http://127.0.0.1:1", ""};
    try {
        client.get(down, "/apis/carts/1");
        FAIL() << "no error";
    } catch (const ServiceUnavailable& e) {
        EXPECT_NE(std::string(e.what()).find("the cart service is unavailable"), std::string::npos) << e.what();
    }
}

TEST_F(HttpClientTest, ConcurrentCallsShareThePool) {
    http::HttpClient client;
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i)
                if (client.get(upstream, "/echo").status == 200) ++ok;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 200);
    EXPECT_LE(open_connections(), 8);
}

TEST_F(HttpClientTest, ShutdownLetsInFlightRequestsFinishThenStops) {
    http::HttpClient client;
    std::atomic<unsigned> status{0};
    std::thread caller([&] { status = client.get(upstream, "/slow").status; });
    std::this_thread::sleep_for(100ms);  // the request is now being handled
    server->stop();
    caller.join();
    EXPECT_EQ(status.load(), 200u) << "the in-flight request was cut off";
    thread.join();  // run() returned: the server stopped by itself after draining
    thread = std::thread([] {});
    http::ClientOptions o;
    o.max_attempts = 1;
    http::HttpClient fresh(o);
    EXPECT_THROW(fresh.get(upstream, "/echo"), ServiceUnavailable) << "still accepting after shutdown";
}
