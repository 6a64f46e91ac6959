#include "platform/http/client.hpp"

#include <deque>
#include <future>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include "platform/errors.hpp"
#include "platform/http/asio_aliases.hpp"
#include "platform/http/in_process.hpp"
#include "platform/i18n/request_language.hpp"
#include "platform/log.hpp"
#include "platform/span_export.hpp"
#include "platform/trace.hpp"

namespace rapidtrade::platform::http {


struct Connection {
    explicit Connection(asio::io_context& ioc) : stream(ioc) {}
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
};

struct HttpClient::Pool {
    std::string host, port;
    std::mutex mutex;
    std::deque<std::unique_ptr<Connection>> idle;
};

boost::json::value ClientResponse::json() const {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (ec) throw ServiceUnavailable(Msg("api.upstream.not_json"));
    return v;
}

std::optional<int> parse_retry_after(std::string_view value) {
    constexpr int kMax = 7 * 24 * 3600;
    if (value.empty() || value.size() > 6) return std::nullopt;  // 604800 has 6 digits
    int seconds = 0;
    for (char c : value) {
        if (c < '0' || c > '9') return std::nullopt;
        seconds = seconds * 10 + (c - '0');
    }
    if (seconds < 1 || seconds > kMax) return std::nullopt;
    return seconds;
}

HttpClient::HttpClient(ClientOptions options, Metrics* metrics, span_export::SpanExporter* spans)
    : options_(options),
      metrics_(metrics),
      spans_(spans),
      work_(std::make_unique<asio::executor_work_guard<asio::io_context::executor_type>>(ioc_.get_executor())),
      thread_([this] { ioc_.run(); }) {}

HttpClient::~HttpClient() {
    work_.reset();
    ioc_.stop();
    thread_.join();
}

HttpClient::Pool& HttpClient::pool_for(const std::string& host, const std::string& port) {
    std::lock_guard lock(pools_mutex_);
    auto& p = pools_[host + ":" + port];
    if (!p) {
        p = std::make_unique<Pool>();
        p->host = host;
        p->port = port;
    }
    return *p;
}

namespace {

struct Attempt {
    RawRequest request;
    HttpClient::Pool* pool;
    ClientOptions options;
    asio::io_context* ioc;
};

struct AttemptResult {
    bool sent = false;  // the request was fully written (it may have been processed)
    boost::system::error_code error;
    bhttp::response<bhttp::string_body> response;
};

// One try: a pooled connection (or a new one), write, read. Never throws.
awaitable<AttemptResult> attempt_once(Attempt a) {
    AttemptResult result;
    std::unique_ptr<Connection> conn;
    while (!conn) {
        {
            std::lock_guard lock(a.pool->mutex);
            if (a.pool->idle.empty()) break;
            conn = std::move(a.pool->idle.back());
            a.pool->idle.pop_back();
        }
        // An idle connection has nothing to say: bytes waiting on it belong to no request of ours
        // (an answer to something we never asked), so it is closed rather than read.
        boost::system::error_code aec;
        if (conn->stream.socket().available(aec) > 0 || aec) conn.reset();
    }
    bool reused = conn != nullptr;
    if (!conn) {
        conn = std::make_unique<Connection>(*a.ioc);
        tcp::resolver resolver(*a.ioc);
        auto [rec, endpoints] = co_await resolver.async_resolve(a.pool->host, a.pool->port, kTuple);
        if (rec) {
            result.error = rec;
            co_return result;
        }
        conn->stream.expires_after(a.options.connect_timeout);
        auto [cec, ep] = co_await conn->stream.async_connect(endpoints, kTuple);
        if (cec) {
            result.error = cec;
            co_return result;
        }
        conn->stream.socket().set_option(tcp::no_delay(true));
    }
    conn->stream.expires_after(a.options.request_timeout);
    auto [wec, wn] = co_await bhttp::async_write(conn->stream, a.request, kTuple);
    if (wec) {
        result.error = wec;
        // A pooled connection the server had already closed: nothing was processed, safe to retry.
        result.sent = !reused;
        co_return result;
    }
    result.sent = true;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 << 20);
    auto [rec, rn] = co_await bhttp::async_read(conn->stream, conn->buffer, parser, kTuple);
    if (rec) {
        result.error = rec;
        // The server closed an idle pooled connection just as we used it: no answer, nothing read.
        if (reused && (rec == bhttp::error::end_of_stream || rec == asio::error::connection_reset) &&
            conn->buffer.size() == 0)
            result.sent = false;
        co_return result;
    }
    result.response = parser.release();
    // Bytes after the answer match no request: the connection is out of step and never reused.
    if (result.response.keep_alive() && conn->buffer.size() == 0) {
        conn->stream.expires_never();
        std::lock_guard lock(a.pool->mutex);
        if (a.pool->idle.size() < a.options.max_idle_per_upstream) a.pool->idle.push_back(std::move(conn));
    }
    co_return result;
}

bool is_idempotent(Verb v) {
    return v == Verb::get || v == Verb::head || v == Verb::put || v == Verb::delete_ || v == Verb::options;
}

}  // namespace

void HttpClient::record(const std::string& upstream, Outcome outcome, std::chrono::steady_clock::time_point started) {
    if (metrics_ == nullptr) return;
    UpstreamMetrics* m;
    {
        std::lock_guard lock(metrics_mutex_);
        auto it = upstream_metrics_.find(upstream);
        if (it == upstream_metrics_.end()) {
            UpstreamMetrics handles{};
            const char* names[] = {"ok", "server_error", "error"};
            for (int i = 0; i < 3; ++i)
                handles.outcomes[i] = &metrics_->counter("rapidtrade_upstream_requests_total",
                                                         "Calls to other services, by upstream and outcome",
                                                         {{"upstream", upstream}, {"outcome", names[i]}});
            handles.duration = &metrics_->histogram("rapidtrade_upstream_request_duration_seconds",
                                                    "Time of calls to other services, retries included",
                                                    {{"upstream", upstream}});
            it = upstream_metrics_.emplace(upstream, handles).first;
        }
        m = &it->second;
    }
    m->outcomes[static_cast<int>(outcome)]->Increment();
    m->duration->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

namespace {

// A call to another service as an OTLP CLIENT span, exported when it goes out of scope (whatever
// the outcome: a call that throws is an error span without a status).
struct ClientSpan {
    ClientSpan(span_export::SpanExporter* spans, const Upstream& upstream, Verb method, const std::string& host)
        : spans(spans != nullptr && spans->enabled() ? spans : nullptr),
          trace_id(log::current_trace_id()), upstream(upstream.name), method(method), host(host) {
        if (!trace_id.empty()) span_id = trace::new_span_id();
    }
    ~ClientSpan() {
        if (trace_id.empty() || spans == nullptr) return;
        auto verb = std::string(bhttp::to_string(method));
        span_export::Span s{trace_id, span_id, trace::current_span_id(), verb + " " + upstream,
                            span_export::Kind::client, started, std::chrono::system_clock::now(), {},
                            status == 0 || status >= 500};
        s.attributes = {{"http.request.method", boost::json::value(verb)},
                        {"server.address", boost::json::value(host)},
                        {"rapidtrade.upstream", boost::json::value(upstream)}};
        if (status != 0) s.attributes.emplace_back("http.response.status_code", static_cast<std::int64_t>(status));
        spans->record(std::move(s));
    }
    ClientSpan(const ClientSpan&) = delete;
    ClientSpan& operator=(const ClientSpan&) = delete;

    span_export::SpanExporter* spans;  // null: spans are not exported
    std::string trace_id, span_id;
    std::string upstream;
    Verb method;
    std::string host;
    std::chrono::system_clock::time_point started = std::chrono::system_clock::now();
    unsigned status = 0;
};

}  // namespace

ClientResponse HttpClient::request(const Upstream& upstream, Verb method, const Target& target, std::string body,
                                   const std::vector<std::pair<std::string, std::string>>& headers) {
    // Checked before anything is built or sent: a CR or LF here would end the header and start a
    // request of the caller's choosing on a connection that carries the service's API key.
    for (const auto& [k, v] : headers) {
        if (!is_valid_header_name(k)) throw BadRequest("header", Msg("api.header.name_invalid"));
        if (!is_valid_header_value(v)) throw BadRequest(k, Msg("api.header.control_character"));
    }
    auto started = std::chrono::steady_clock::now();
    auto url = boost::urls::parse_absolute_uri(upstream.base_url);
    if (!url) throw ServiceUnavailable(Msg("api.upstream.url_invalid", {{"service", upstream.name}}));
    std::string host = url->host();
    std::string port = url->has_port() ? std::string(url->port()) : "80";
    std::string base_path = url->path();
    while (!base_path.empty() && base_path.back() == '/') base_path.pop_back();

    RawRequest req{method, base_path + target.encoded(), 11};
    req.set(bhttp::field::host, host + ":" + port);
    req.set(bhttp::field::user_agent, "rapidtrade");
    req.set(bhttp::field::accept, "application/json");
    req.keep_alive(true);
    if (!upstream.api_key.empty()) req.set("X-Api-Key", upstream.api_key);
    if (!log::current_request_id().empty()) req.set("X-Request-Id", log::current_request_id());
    // The language our caller asked for: a refusal of the other service comes back in it (a
    // header given by the caller, below, wins).
    if (auto language = i18n::current_request_language()) req.set(bhttp::field::accept_language, i18n::code(*language));
    // Within a request's trace, this call is a span of its own, child of the request's.
    ClientSpan span(spans_, upstream, method, host);
    if (!span.trace_id.empty()) req.set("traceparent", trace::traceparent(span.trace_id, span.span_id));
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!body.empty() && req.find(bhttp::field::content_type) == req.end())
        req.set(bhttp::field::content_type, "application/json");
    req.body() = std::move(body);
    req.prepare_payload();

    Pool* pool = nullptr;  // looked up only for calls that go over TCP
    auto backoff = options_.backoff;
    std::string last_error;
    for (int attempt = 1;; ++attempt) {
        AttemptResult r;
        if (auto answer = upstream.in_process ? upstream.in_process->call(req) : std::nullopt) {
            r.sent = true;
            r.response = std::move(*answer);
        } else {
            if (pool == nullptr) pool = &pool_for(host, port);
            auto future = asio::co_spawn(ioc_, attempt_once(Attempt{req, pool, options_, &ioc_}), asio::use_future);
            // The attempt has its own deadlines; this bound only guards against a stopped client.
            auto bound = options_.connect_timeout + options_.request_timeout + std::chrono::seconds(1);
            if (future.wait_for(bound) != std::future_status::ready) {
                record(upstream.name, Outcome::error, started);
                throw ServiceUnavailable(Msg("api.upstream.timeout", {{"service", upstream.name}}));
            }
            r = future.get();
        }
        bool retryable_method = is_idempotent(method) || !r.sent;
        if (!r.error) {
            unsigned status = r.response.result_int();
            bool overloaded = status == 502 || status == 503 || status == 504;
            if (!overloaded || !retryable_method || attempt >= options_.max_attempts) {
                record(upstream.name, status >= 500 ? Outcome::server_error : Outcome::ok, started);
                span.status = status;
                if (status >= 500)
                    throw ServiceUnavailable(
                        Msg("api.upstream.failed", {{"service", upstream.name}, {"status", std::to_string(status)}}));
                ClientResponse out{status, std::move(r.response.body()),
                                   std::string(r.response[bhttp::field::content_type]),
                                   std::string(r.response[bhttp::field::location]), {},
                                   parse_retry_after(r.response[bhttp::field::retry_after]).value_or(0)};
                for (auto it = r.response.find(bhttp::field::set_cookie);
                     it != r.response.end() && it->name() == bhttp::field::set_cookie; ++it)
                    out.set_cookies.emplace_back(it->value());
                return out;
            }
            last_error = "HTTP " + std::to_string(status);
        } else {
            last_error = r.error == beast::error::timeout ? "timed out" : r.error.message();
            if (!retryable_method || attempt >= options_.max_attempts) {
                record(upstream.name, Outcome::error, started);
                throw ServiceUnavailable(
                    Msg("api.upstream.unavailable", {{"service", upstream.name}, {"error", last_error}}));
            }
        }
        log::warn("upstream_retry", {{"upstream", upstream.name}, {"attempt", attempt}, {"error", last_error}});
        std::this_thread::sleep_for(backoff);
        backoff *= 2;
    }
}

ClientResponse HttpClient::send_json(const Upstream& u, Verb method, const Target& target,
                                     const boost::json::value& body,
                                     const std::vector<std::pair<std::string, std::string>>& headers) {
    return request(u, method, target, boost::json::serialize(body), headers);
}

}  // namespace rapidtrade::platform::http
