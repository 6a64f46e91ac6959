// The service-to-service client against a real server (the platform's own, on a free port).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <sstream>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <boost/asio/thread_pool.hpp>
#include <boost/json/serialize.hpp>

#include "platform/errors.hpp"
#include "platform/i18n/request_language.hpp"
#include "platform/http/client.hpp"
#include "platform/http/in_process.hpp"
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
            .get("/echo/{value}",
                 [this](http::Request& r) {
                     ++hits;
                     boost::json::object query;
                     for (const auto& [k, v] : r.query) query[k] = v;
                     return http::json_response(200, {{"value", r.param("value")}, {"query", query}});
                 })
            .get("/whoami",
                 [](http::Request& r) {
                     std::ostringstream thread;
                     thread << std::this_thread::get_id();
                     return http::json_response(200, {{"thread", thread.str()}, {"remote", r.remote_address}});
                 })
            .get("/slow",
                 [](http::Request&) {
                     std::this_thread::sleep_for(400ms);
                     return http::json_response(200, {{"slow", true}});
                 })
            .get("/flaky",
                 [this](http::Request&) {
                     if (++flaky_calls < 3) throw ServiceUnavailable(Msg("api.db.busy"));
                     return http::json_response(200, {{"after", flaky_calls.load()}});
                 })
            .post("/flaky", [this](http::Request&) -> http::Response {
                ++flaky_posts;
                throw ServiceUnavailable(Msg("api.db.busy"));
            })
            // An upload: this route alone reads bodies of up to 3 MiB (the others: MAX_BODY_BYTES, 1 MiB).
            .put("/upload/{name}",
                 [](http::Request& r) { return http::json_response(200, {{"bytes", r.raw.body().size()}}); })
            .max_body(3 << 20);
        ServerConfig cfg;
        cfg.host = "127.0.0.1";
        cfg.port = 0;
        cfg.io_threads = 1;
        cfg.access_log = false;
        server = std::make_unique<http::Server>(cfg, router, metrics);
        server->listen();
        thread = std::thread([this] { server->run(); });
        upstream = {"test", "http://127.0.0.1:" + std::to_string(server->port()), "the-key"};
        calls.attach(*server);
        local = upstream;
        local.in_process = &calls;
    }
    void TearDown() override {
        calls.detach();
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
    http::InProcessCalls calls;
    http::Upstream local;  // the same server, called in process (the all-in-one mode)
    std::atomic<int> hits{0}, flaky_calls{0}, flaky_posts{0};
};

}  // namespace

TEST_F(HttpClientTest, SendsTheApiKeyAndHeadersAndReusesTheConnection) {
    http::HttpClient client;
    for (int i = 0; i < 20; ++i) {
        auto r = client.get(upstream, http::Target{"echo"}, {{"Authorization", "Bearer t"}});
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
    auto r = client.send_json(upstream, http::Verb::post, http::Target{"echo"}, {{"quantity", 2}});
    EXPECT_EQ(r.status, 201u);
    EXPECT_EQ(r.json().at("quantity").as_int64(), 2);
}

TEST_F(HttpClientTest, NonServerErrorsAreReturnedToTheCaller) {
    http::HttpClient client;
    auto r = client.get(upstream, http::Target{"missing"});
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
        client.get(upstream, http::Target{"slow"});
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
    auto r = client.get(upstream, http::Target{"flaky"});
    EXPECT_EQ(r.status, 200u);
    EXPECT_EQ(flaky_calls.load(), 3);
}

TEST_F(HttpClientTest, PostsAreNotRetried) {
    http::ClientOptions o;
    o.backoff = 10ms;
    http::HttpClient client(o);
    EXPECT_THROW(client.send_json(upstream, http::Verb::post, http::Target{"flaky"}, {{"x", 1}}), ServiceUnavailable);
    EXPECT_EQ(flaky_posts.load(), 1);
}

TEST_F(HttpClientTest, UnreachableUpstreamIsA503NamingIt) {
    http::ClientOptions o;
    o.backoff = 1ms;
    http::HttpClient client(o);
    http::Upstream down{"cart", "http://127.0.0.1:1", ""};
    try {
        client.get(down, http::Target{"apis", "carts", "1"});
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
                if (client.get(upstream, http::Target{"echo"}).status == 200) ++ok;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 200);
    EXPECT_LE(open_connections(), 8);
}

TEST_F(HttpClientTest, ShutdownLetsInFlightRequestsFinishThenStops) {
    http::HttpClient client;
    std::atomic<unsigned> status{0};
    std::thread caller([&] { status = client.get(upstream, http::Target{"slow"}).status; });
    std::this_thread::sleep_for(100ms);  // the request is now being handled
    server->stop();
    caller.join();
    EXPECT_EQ(status.load(), 200u) << "the in-flight request was cut off";
    thread.join();  // run() returned: the server stopped by itself after draining
    thread = std::thread([] {});
    http::ClientOptions o;
    o.max_attempts = 1;
    http::HttpClient fresh(o);
    EXPECT_THROW(fresh.get(upstream, http::Target{"echo"}), ServiceUnavailable) << "still accepting after shutdown";
}

// What a visitor types reaches the callee as one path segment, whatever it holds: no second
// request line, no extra segment, no query.
TEST_F(HttpClientTest, HostileSegmentsAndQueryValuesArriveAsTheyWereTyped) {
    http::HttpClient client;
    const std::vector<std::string> hostile = {"a\r\nDELETE /apis/products/OPUK6V6EV0 HTTP/1.1\r\nX-Api-Key: k\r\n\r\n",
                                              "x?per_page=1", "x#frag", "a/b", "%2F", "100%", "caf\xc3\xa9", "\t ",
                                              std::string(300, 'z'), std::string("nul\0byte", 8), "C++ a+b",
                                              "k[x]=v&y=z"};
    for (const auto& value : hostile) {
        auto r = client.get(upstream, http::Target{"echo", value}.query("q", value));
        ASSERT_EQ(r.status, 200u) << value;
        auto body = r.json().as_object();
        EXPECT_EQ(body.at("value").as_string(), value);
        EXPECT_EQ(body.at("query").as_object().size(), 1u);
        EXPECT_EQ(body.at("query").at("q").as_string(), value);
    }
    EXPECT_EQ(hits.load(), static_cast<int>(hostile.size())) << "one request per call, no smuggled one";
}

TEST_F(HttpClientTest, SegmentsThatChangeThePathsMeaningAreRefused) {
    for (const char* bad : {"", ".", ".."}) EXPECT_THROW(http::Target({"apis", bad}), BadRequest) << bad;
    EXPECT_THROW(http::Target({"apis", "\xff"}), BadRequest);
    EXPECT_EQ(http::Target({"apis", "products"}).slash().query("per_page", 8).encoded(), "/apis/products/?per_page=8");
}

TEST_F(HttpClientTest, HeadersWithControlCharactersAreRefusedBeforeAnythingIsSent) {
    http::HttpClient client;
    for (const auto& value : {std::string("k\r\nX-Api-Key: stolen"), std::string("k\n"), std::string("k\r"),
                                    std::string("a\0b", 3), std::string("\x7f")}) {
        try {
            client.get(upstream, http::Target{"echo"}, {{"Idempotency-Key", value}});
            FAIL() << "sent";
        } catch (const BadRequest& e) {
            EXPECT_EQ(e.status(), 400);
        }
    }
    EXPECT_THROW(client.get(upstream, http::Target{"echo"}, {{"Bad Name", "v"}}), BadRequest);
    EXPECT_THROW(client.get(upstream, http::Target{"echo"}, {{"X-A\r\nB", "v"}}), BadRequest);
    EXPECT_EQ(hits.load(), 0) << "nothing reached the server";
    EXPECT_EQ(open_connections(), 0);
}

namespace {

// A server out of step: it answers every request twice, as a server fed a smuggled second request
// would. Counts the connections it accepted.
class DoubleAnsweringServer {
public:
    DoubleAnsweringServer() : acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
        thread_ = std::thread([this] {
            while (!stop_) {
                boost::asio::ip::tcp::socket socket(ioc_);
                boost::system::error_code ec;
                acceptor_.accept(socket, ec);
                if (ec || stop_) return;
                ++accepted;
                sockets_.push_back(std::thread([s = std::move(socket), n = accepted.load()]() mutable {
                    boost::asio::streambuf buf;
                    boost::system::error_code ec;
                    while (boost::asio::read_until(s, buf, "\r\n\r\n", ec) > 0 && !ec) {
                        buf.consume(buf.size());
                        std::string mine = "conn" + std::to_string(n);
                        std::string twice = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(mine.size()) +
                                            "\r\n\r\n" + mine + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale";
                        boost::asio::write(s, boost::asio::buffer(twice), ec);
                    }
                }));
            }
        });
    }
    ~DoubleAnsweringServer() {
        stop_ = true;
        boost::system::error_code ec;
        boost::asio::ip::tcp::socket poke(ioc_);
        poke.connect(acceptor_.local_endpoint(), ec);
        thread_.join();
        for (auto& t : sockets_) t.detach();  // each ends when its client closes
    }
    unsigned short port() const { return acceptor_.local_endpoint().port(); }
    std::atomic<int> accepted{0};

private:
    boost::asio::io_context ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    std::vector<std::thread> sockets_;
};

}  // namespace

// An answer that cannot be matched to its request (here: extra bytes after it) closes the
// connection: the next caller never reads someone else's answer.
TEST(HttpClientOutOfStep, AConnectionWithExtraBytesIsNeverReused) {
    DoubleAnsweringServer server;
    http::HttpClient client;
    http::Upstream up{"odd", "http://127.0.0.1:" + std::to_string(server.port()), ""};
    for (int i = 1; i <= 3; ++i) {
        auto r = client.get(up, http::Target{"x"});
        EXPECT_EQ(r.body, "conn" + std::to_string(i)) << "call " << i << " got another call's answer";
    }
    EXPECT_EQ(server.accepted.load(), 3);
}

// The all-in-one mode: the same requests through the same pipeline, on the caller's thread, with
// no socket.
TEST_F(HttpClientTest, InProcessCallsRunOnTheCallersThreadWithoutASocket) {
    http::HttpClient client;
    std::ostringstream me;
    me << std::this_thread::get_id();
    auto r = client.get(local, http::Target{"whoami"});
    ASSERT_EQ(r.status, 200u);
    EXPECT_EQ(r.json().at("thread").as_string(), me.str()) << "no hand-off to another thread";
    EXPECT_EQ(r.json().at("remote").as_string(), "127.0.0.1") << "the peer a loopback connection has";
    auto echo = client.get(local, http::Target{"echo"}, {{"Authorization", "Bearer t"}}).json().as_object();
    EXPECT_EQ(echo.at("api_key").as_string(), "the-key");
    EXPECT_EQ(echo.at("authorization").as_string(), "Bearer t");
    EXPECT_EQ(open_connections(), 0) << "no connection was opened";
    auto counted = metrics.render();
    EXPECT_NE(counted.find(R"(http_requests_total{code="200",method="GET",route="/echo",service="test"} 1)"),
              std::string::npos)
        << "the callee's request metrics count it as over TCP";
}

TEST_F(HttpClientTest, InProcessCallsAnswerAsTheServerDoes) {
    http::HttpClient client;
    auto missing = client.get(local, http::Target{"missing"});
    EXPECT_EQ(missing.status, 404u);
    EXPECT_NE(missing.content_type.find("problem+json"), std::string::npos);
    EXPECT_EQ(client.send_json(local, http::Verb::post, http::Target{"echo"}, {{"quantity", 2}}).json().at("quantity").as_int64(), 2);
    // The body limit a socket's parser applies.
    auto huge = client.request(local, http::Verb::post, http::Target{"echo"}, std::string((1 << 20) + 1, 'x'));
    EXPECT_EQ(huge.status, 413u);
    // 5xx: idempotent requests retried, others not, as over TCP.
    EXPECT_EQ(client.get(local, http::Target{"flaky"}).json().at("after").as_int64(), 3);
    EXPECT_THROW(client.request(local, http::Verb::post, http::Target{"flaky"}), ServiceUnavailable);
    EXPECT_EQ(flaky_posts.load(), 1);
    EXPECT_EQ(open_connections(), 0);
}

TEST_F(HttpClientTest, InProcessHostileSegmentsArriveAsTheyWereTyped) {
    http::HttpClient client;
    for (const auto& value : {std::string("a/b"), std::string("%2F"), std::string("x?per_page=1"), std::string("x#f"),
                              std::string("a\r\nX: y"), std::string("nul\0b", 5), std::string("k[x]=v&y=z")}) {
        auto body = client.get(local, http::Target{"echo", value}.query("q", value)).json().as_object();
        EXPECT_EQ(body.at("value").as_string(), value);
        EXPECT_EQ(body.at("query").as_object().size(), 1u);
        EXPECT_EQ(body.at("query").at("q").as_string(), value);
    }
    EXPECT_EQ(hits.load(), 7);
}

TEST_F(HttpClientTest, AfterDetachCallsGoOverTcp) {
    http::HttpClient client;
    calls.detach();
    auto r = client.get(local, http::Target{"whoami"});
    ASSERT_EQ(r.status, 200u);
    std::ostringstream me;
    me << std::this_thread::get_id();
    EXPECT_NE(r.json().at("thread").as_string(), me.str());
    EXPECT_EQ(open_connections(), 1);
}

// A route's own body limit (Mount::max_body): the upload route takes 3 MiB, every other route still
// stops at MAX_BODY_BYTES; over TCP with a Content-Length, with a chunked body (no length known in
// advance), and in process.
// A client that sends a whole body too large before it reads (most do) gets the 413, every time:
// the server drains what it refused instead of resetting the connection under the answer.
TEST_F(HttpClientTest, ABodyTooLargeIsAnswered413EvenWhileTheClientIsStillSendingIt) {
    for (int attempt = 0; attempt < 10; ++attempt) {
        boost::asio::io_context ioc;
        boost::asio::ip::tcp::socket s(ioc);
        s.connect({boost::asio::ip::make_address("127.0.0.1"), server->port()});
        std::string body(8 << 20, 'z');
        std::string head = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n";
        boost::system::error_code ec;
        boost::asio::write(s, boost::asio::buffer(head), ec);
        boost::asio::write(s, boost::asio::buffer(body), ec);
        EXPECT_FALSE(ec) << "attempt " << attempt << ": the body could not be sent: " << ec.message();
        boost::asio::streambuf buf;
        boost::asio::read_until(s, buf, "\r\n", ec);
        std::string version, status;
        std::istream(&buf) >> version >> status;
        ASSERT_EQ(status, "413") << "attempt " << attempt << ": " << ec.message();
    }
}

TEST_F(HttpClientTest, ARouteMayReadALargerBodyThanTheOthers) {
    http::HttpClient client;
    for (const auto* up : {&upstream, &local}) {
        auto fits = client.request(*up, http::Verb::put, http::Target{"upload", "a"}, std::string(3 << 20, 'x'));
        ASSERT_EQ(fits.status, 200u) << fits.body;
        EXPECT_EQ(fits.json().at("bytes").as_int64(), 3 << 20);
        auto over = client.request(*up, http::Verb::put, http::Target{"upload", "a"}, std::string((3 << 20) + 1, 'x'));
        EXPECT_EQ(over.status, 413u);
        EXPECT_NE(over.body.find("le corps dépasse 3145728 octets"), std::string::npos) << over.body;
        // A call made while handling an English request asks the other service for English.
        i18n::ScopedRequestLanguage english(i18n::Language::en);
        auto elsewhere = client.request(*up, http::Verb::post, http::Target{"echo"}, std::string((1 << 20) + 1, 'x'));
        EXPECT_EQ(elsewhere.status, 413u) << "the other routes keep MAX_BODY_BYTES";
        EXPECT_NE(elsewhere.body.find("the body is larger than 1048576 bytes"), std::string::npos) << elsewhere.body;
    }
    // Chunked: the limit is the route's, counted as the chunks arrive.
    auto chunked = [this](const std::string& target, std::size_t size) {
        boost::asio::io_context ioc;
        boost::asio::ip::tcp::socket s(ioc);
        s.connect({boost::asio::ip::make_address("127.0.0.1"), server->port()});
        std::string request = "PUT " + target + " HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (std::size_t sent = 0; sent < size; sent += 65536) {
            std::size_t n = std::min<std::size_t>(65536, size - sent);
            std::ostringstream hex;
            hex << std::hex << n;
            request += hex.str() + "\r\n" + std::string(n, 'y') + "\r\n";
        }
        request += "0\r\n\r\n";
        boost::system::error_code ec;
        boost::asio::write(s, boost::asio::buffer(request), ec);  // the server may close before the end
        boost::asio::streambuf buf;
        boost::asio::read_until(s, buf, "\r\n", ec);
        std::string status_line;
        std::istream(&buf) >> status_line >> status_line;
        return status_line;
    };
    EXPECT_EQ(chunked("/upload/b", (2 << 20) + 5), "200");
    EXPECT_EQ(chunked("/upload/b", (3 << 20) + 5), "413");
    EXPECT_EQ(chunked("/echo", 2 << 20), "413") << "a route without its own limit: MAX_BODY_BYTES";
}
