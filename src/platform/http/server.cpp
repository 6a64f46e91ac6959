#include "platform/http/server.hpp"

#include <array>
#include <chrono>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "platform/errors.hpp"
#include "platform/http/asio_aliases.hpp"
#include "platform/http/problem.hpp"
#include "platform/http/wire.hpp"
#include "platform/log.hpp"

namespace rapidtrade::platform::http {


struct Server::Connection {
    explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
    beast::tcp_stream stream;
    std::atomic<bool> idle{true};  // waiting for the first byte of a request
};

namespace {

// Runs `job` on a worker pool and resumes the coroutine on its own executor with the result, so a
// handler that blocks (database, outbound HTTP) never holds an I/O thread.
struct OffloadInitiation {
    asio::thread_pool* pool;
    template <class CompletionHandler, class Job>
    void operator()(CompletionHandler&& handler, Job job) const {
        auto work = asio::make_work_guard(asio::get_associated_executor(handler));
        asio::post(*pool, [h = std::move(handler), job = std::move(job), work = std::move(work)]() mutable {
            Response result = job();
            auto ex = asio::get_associated_executor(h);
            asio::dispatch(ex, [h = std::move(h), result = std::move(result)]() mutable { std::move(h)(std::move(result)); });
        });
    }
};

template <class Job>
awaitable<Response> offload(asio::thread_pool& pool, Job job) {
    return asio::async_initiate<decltype(use_awaitable), void(Response)>(OffloadInitiation{&pool}, use_awaitable,
                                                                          std::move(job));
}

struct PipelineJob {
    const Pipeline* pipeline;
    const Route* route;
    std::shared_ptr<Request> request;
    Response operator()() const { return pipeline->run(*route, *request); }
};

}  // namespace

// Gives the session coroutine access to the server's private state without exposing it.
struct SessionAccess {
    static awaitable<Response> dispatch(Server* server, RawRequest raw, std::string remote) {
        auto started = std::chrono::steady_clock::now();
        auto prepared = server->pipeline_.prepare(std::move(raw), std::move(remote));
        if (prepared.immediate) co_return immediate_answer(server, prepared, started);
        const Route* route = prepared.route;
        if (route->pool == nullptr) co_return server->pipeline_.run(*route, prepared.request);
        auto request = std::make_shared<Request>(std::move(prepared.request));
        PipelineJob job{&server->pipeline_, route, std::move(request)};
        co_return co_await offload(*route->pool, std::move(job));
    }

    // An answer known without running a handler: errors before routing (finished here), fast-path
    // answers from memory (finished already).
    static Response immediate_answer(Server* server, Pipeline::Prepared& prepared,
                                     std::chrono::steady_clock::time_point started) {
        Response res = std::move(*prepared.immediate);
        if (prepared.route == nullptr) {
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            server->pipeline_.finish(prepared.request, res, nullptr, seconds);
        }
        return res;
    }

    // What the session does to an answer before writing it.
    static void prepare_for_wire(Response& res, bool head) {
        if (head) {
            res.content_length(res.body().size());
            res.body().clear();
        } else {
            res.prepare_payload();
        }
    }

    // `language`: the request's, when its headers could be read; French (the default) otherwise.
    static Response early_error(Server* server, const HttpError& error, i18n::Language language) {
        Response res = problem_response(error, language);
        Request dummy;
        dummy.request_id = generate_request_id();
        dummy.raw.method_string("-");
        server->pipeline_.finish(dummy, res, nullptr, 0);
        return res;
    }

    // A lingering close, as nginx does after refusing a request: the client may still be sending the
    // body just refused (an upload too large), and closing with its bytes unread makes the kernel
    // reset the connection, which can destroy the answer before the client reads it (the client
    // then sees "connection reset" or "broken pipe" instead of the 413). So: stop sending, then
    // read and drop what still comes, for at most 2 s and 64 MiB, then close.
    static awaitable<void> drain_before_close(beast::tcp_stream& stream) {
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream.expires_after(std::chrono::seconds(2));  // one deadline for the whole drain
        std::vector<char> sink(64 * 1024);
        for (std::size_t dropped = 0; dropped < (64u << 20);) {
            auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
            if (ec) break;
            dropped += n;
        }
    }

    // Whatever happens inside one connection stays there: logged, the connection closed, the server up.
    static awaitable<void> session(Server* server, std::shared_ptr<Server::Connection> conn) {
        try {
            co_await session_loop(server, conn);
        } catch (const std::exception& e) {
            log::error("connection_failed", {{"error", e.what()}});
        }
        boost::system::error_code ignored;
        conn->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        conn->stream.close();
        server->untrack(conn);
    }

    static awaitable<void> session_loop(Server* server, std::shared_ptr<Server::Connection> conn) {
        auto& stream = conn->stream;
        const auto& cfg = server->config_;
        std::string remote;
        {
            boost::system::error_code ec;
            auto ep = stream.socket().remote_endpoint(ec);
            if (!ec) remote = ep.address().to_string();
        }
        beast::flat_buffer buffer;
        for (;;) {
            if (buffer.size() == 0) {
                conn->idle = true;
                if (server->stopping_) break;
                stream.expires_after(cfg.idle_timeout);
                auto [ec, n] = co_await stream.async_read_some(buffer.prepare(8192), kTuple);
                if (ec) break;
                buffer.commit(n);
            }
            conn->idle = false;
            bhttp::request_parser<bhttp::string_body> parser;
            parser.header_limit(static_cast<std::uint32_t>(cfg.max_header_bytes));
            // Until the route is known, the largest limit of any route (Beast checks a Content-Length
            // against it at the end of the headers); then the route's own, before any body byte.
            parser.body_limit(server->largest_body_);
            // The whole request must arrive within the deadline: a slow or silent client is dropped.
            stream.expires_after(cfg.read_timeout);
            auto [header_ec, header_n] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
            boost::system::error_code ec = header_ec;
            std::size_t body_limit = cfg.max_body_bytes;
            // The route's own limit matters only when a body follows (most GETs have none: no
            // second route lookup for them; the pipeline finds the route once more anyway).
            bool body_follows = !ec && !parser.is_done();
            if (body_follows || ec == bhttp::error::body_limit)
                body_limit = server->router_.body_limit(parser.get().method(), parser.get().target(), body_limit);
            if (body_follows) {
                if (parser.content_length() && *parser.content_length() > body_limit) {
                    ec = bhttp::error::body_limit;
                } else {
                    parser.body_limit(body_limit);
                    auto [body_ec, body_n] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
                    ec = body_ec;
                }
            }
            if (ec) {
                std::optional<Response> answer;
                if (ec == bhttp::error::body_limit)
                    answer = early_error(server, PayloadTooLarge(Msg("api.request.body_too_large",
                                                                     {{"max", std::to_string(body_limit)}})),
                                         answer_language(parser.get()));
                else if (ec == bhttp::error::header_limit)
                    answer = early_error(server,
                                         HttpError(431, "Request Header Fields Too Large",
                                                   Msg("api.request.headers_too_large",
                                                       {{"max", std::to_string(cfg.max_header_bytes)}})),
                                         i18n::kDefaultLanguage);
                else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() && ec != bhttp::error::end_of_stream &&
                         ec != bhttp::error::partial_message)
                    answer = early_error(server, BadRequest(Msg("api.request.malformed", {{"error", ec.message()}})),
                                         i18n::kDefaultLanguage);
                if (answer) {
                    answer->keep_alive(false);
                    answer->prepare_payload();
                    stream.expires_after(cfg.read_timeout);
                    auto [wec, wn] = co_await bhttp::async_write(stream, *answer, kTuple);
                    if (!wec) co_await drain_before_close(stream);
                }
                break;
            }
            RawRequest raw = parser.release();
            bool keep_alive = raw.keep_alive();
            bool head = raw.method() == Verb::head;
            Response res = co_await dispatch(server, std::move(raw), remote);
            res.keep_alive(keep_alive && !server->stopping_);
            prepare_for_wire(res, head);
            stream.expires_after(cfg.read_timeout);
            // The head and the body in one gathered write (wire.hpp: cheaper than Beast's serializer).
            auto head_bytes = wire_head(res);
            std::array<asio::const_buffer, 2> wire{asio::buffer(head_bytes), asio::buffer(res.body())};
            auto [wec, wn] = co_await asio::async_write(stream, wire, kTuple);
            if (wec || !res.keep_alive()) break;
        }
    }

    // Where a connection's coroutine runs. With several I/O threads, a strand per connection keeps
    // its handlers from running at once. With one (IO_THREADS=1, a pod given one core), the thread
    // alone does that, and a strand would only add a lock and a queued hand-off per completion
    // (5 % of the catalogue's per-core profile: bench/README.md).
    static asio::any_io_executor connection_executor(Server* server) {
        if (server->config_.io_threads == 1) return server->ioc_.get_executor();
        return asio::make_strand(server->ioc_);
    }

    static awaitable<void> accept_loop(Server* server) {
        for (;;) {
            auto [ec, socket] = co_await server->acceptor_.async_accept(connection_executor(server), kTuple);
            if (ec == asio::error::operation_aborted || !server->acceptor_.is_open()) co_return;
            if (ec) {
                // Out of file descriptors or a connection reset before accept: back off, keep serving.
                log::warn("accept_failed", {{"error", ec.message()}});
                asio::steady_timer t(server->ioc_, std::chrono::milliseconds(50));
                co_await t.async_wait(kTuple);
                continue;
            }
            socket.set_option(tcp::no_delay(true), ec);
            auto conn = std::make_shared<Server::Connection>(std::move(socket));
            server->track(conn);
            auto ex = conn->stream.get_executor();
            asio::co_spawn(ex, session(server, std::move(conn)), asio::detached);
        }
    }

    static awaitable<void> drain(Server* server) {
        auto deadline = std::chrono::steady_clock::now() + server->config_.shutdown_timeout;
        asio::steady_timer t(server->ioc_);
        for (;;) {
            std::size_t open;
            {
                std::lock_guard lock(server->connections_mutex_);
                open = server->connections_.size();
            }
            if (open == 0 || std::chrono::steady_clock::now() >= deadline) {
                if (open != 0) log::warn("shutdown_deadline_reached", {{"connections_left", open}});
                break;
            }
            t.expires_after(std::chrono::milliseconds(20));
            co_await t.async_wait(kTuple);
        }
        server->ioc_.stop();
    }
};

Server::Server(const ServerConfig& config, const Router& router, Metrics& metrics, span_export::SpanExporter* spans)
    : config_(config),
      router_(router),
      largest_body_(router.largest_body_limit(config.max_body_bytes)),
      pipeline_(router, metrics, config.access_log, config.trusted_proxies, spans),
      metrics_(metrics),
      // One I/O thread said so up front: Asio then keeps what that thread posts to itself off the
      // shared queue (other threads' posts, the worker pools' answers, still take the lock).
      ioc_(config.io_threads == 1 ? 1 : BOOST_ASIO_CONCURRENCY_HINT_DEFAULT),
      acceptor_(ioc_), signals_(ioc_) {}

Server::~Server() = default;

void Server::listen() {
    auto address = asio::ip::make_address(config_.host);
    tcp::endpoint endpoint(address, config_.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    port_ = acceptor_.local_endpoint().port();
    // Installed now, before anyone can learn the port: a SIGTERM that comes before run() still
    // leads to a clean shutdown instead of the default action (death).
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
        if (ec) return;
        log::info("shutdown_requested", {{"signal", signo == SIGINT ? "SIGINT" : "SIGTERM"}});
        begin_shutdown();
    });
}

void Server::run() {
    asio::co_spawn(ioc_, SessionAccess::accept_loop(this), asio::detached);
    std::vector<std::thread> threads;
    for (int i = 1; i < config_.io_threads; ++i) threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : threads) t.join();
}

Response Server::answer_in_process(RawRequest raw) {
    bool head = raw.method() == Verb::head;
    Response res;
    // The limit the parser applies on a socket (the header limit has no equivalent here: the
    // client built these headers from checked parts).
    auto body_limit = router_.body_limit(raw.method(), raw.target(), config_.max_body_bytes);
    if (raw.body().size() > body_limit) {
        res = SessionAccess::early_error(
            this, PayloadTooLarge(Msg("api.request.body_too_large", {{"max", std::to_string(body_limit)}})),
            answer_language(raw));
    } else {
        auto started = std::chrono::steady_clock::now();
        // The peer a loopback connection would have had.
        auto prepared = pipeline_.prepare(std::move(raw), "127.0.0.1");
        // Already on a worker (the caller's): the handler runs here rather than on its pool.
        res = prepared.immediate ? SessionAccess::immediate_answer(this, prepared, started)
                                 : pipeline_.run(*prepared.route, prepared.request);
    }
    SessionAccess::prepare_for_wire(res, head);
    return res;
}

void Server::stop() {
    asio::post(ioc_, [this] { begin_shutdown(); });
}

void Server::begin_shutdown() {
    if (stopping_.exchange(true)) return;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    std::vector<std::shared_ptr<Connection>> idle;
    {
        std::lock_guard lock(connections_mutex_);
        for (const auto& c : connections_)
            if (c->idle) idle.push_back(c);
    }
    // Idle keep-alive connections are closed on their own strand; busy ones close after answering.
    for (auto& c : idle) {
        auto ex = c->stream.get_executor();
        // Without throwing: the session may have closed the socket meanwhile (bad descriptor), and
        // an exception here would end the process.
        asio::post(ex, [c] {
            boost::system::error_code ignored;
            c->stream.socket().cancel(ignored);
        });
    }
    asio::co_spawn(ioc_, SessionAccess::drain(this), asio::detached);
}

void Server::track(const std::shared_ptr<Connection>& c) {
    metrics_.open_connections().Increment();
    std::lock_guard lock(connections_mutex_);
    connections_.insert(c);
}

void Server::untrack(const std::shared_ptr<Connection>& c) {
    metrics_.open_connections().Decrement();
    std::lock_guard lock(connections_mutex_);
    connections_.erase(c);
}

}  // namespace rapidtrade::platform::http
