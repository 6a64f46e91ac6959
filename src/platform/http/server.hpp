#pragma once
// HTTP/1.1 server on Boost.Beast with C++20 coroutines: one coroutine per connection, keep-alive,
// TCP_NODELAY, header/body limits, a deadline to receive each request, and a graceful shutdown on
// SIGINT/SIGTERM (stop accepting, close idle connections, let in-flight requests finish).
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>

#include "platform/config.hpp"
#include "platform/http/pipeline.hpp"

namespace rapidtrade::platform::http {

class Server {
public:
    Server(const ServerConfig& config, const Router& router, Metrics& metrics,
           span_export::SpanExporter* spans = nullptr);
    ~Server();

    // Binds and listens, and from then on handles SIGINT/SIGTERM; throws std::system_error when the
    // address is taken.
    void listen();
    std::uint16_t port() const { return port_; }
    boost::asio::io_context& io_context() { return ioc_; }

    // Serves on `io_threads` threads until SIGINT/SIGTERM or stop(); returns once drained.
    void run();
    // A request from this very process (InProcessCalls), answered on the calling thread through
    // the same pipeline as one read from a socket.
    Response answer_in_process(RawRequest request);

    // Begins the graceful shutdown; safe from any thread.
    void stop();

    struct Connection;

private:
    friend struct SessionAccess;
    void begin_shutdown();
    void track(const std::shared_ptr<Connection>& c);
    void untrack(const std::shared_ptr<Connection>& c);

    ServerConfig config_;
    const Router& router_;
    std::size_t largest_body_;  // MAX_BODY_BYTES or a route's larger max_body
    Pipeline pipeline_;
    Metrics& metrics_;
    boost::asio::io_context ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::signal_set signals_;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::mutex connections_mutex_;
    std::unordered_set<std::shared_ptr<Connection>> connections_;
};

}  // namespace rapidtrade::platform::http
