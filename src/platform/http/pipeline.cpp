#include "platform/http/pipeline.hpp"

#include <chrono>
#include <cstring>
#include <random>

#include <boost/url/parse.hpp>

#include "platform/encoding.hpp"
#include "platform/errors.hpp"
#include "platform/http/problem.hpp"
#include "platform/i18n/request_language.hpp"
#include "platform/log.hpp"
#include "platform/text.hpp"
#include "platform/span_export.hpp"
#include "platform/trace.hpp"

namespace rapidtrade::platform::http {
namespace {

bool is_acceptable_request_id(std::string_view id) {
    if (id.empty() || id.size() > 128) return false;
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
    return true;
}

Response internal_error(const Request& req, i18n::Language language) {
    return problem_response(HttpError(500, "Internal Server Error",
                                      Msg("api.server.failed", {{"reference", req.request_id}})),
                            language, req.path);
}

}  // namespace

std::string compute_etag(std::string_view body) {
    // A multiply-xorshift hash over 8-byte words, then the tail and the length. FNV-1a byte by byte
    // (before) was a chain of dependent multiplies: 17 µs for an 11 KB page, a tenth of the page's
    // CPU (perf, bench/README.md). Each step is a bijection of the state (xor, odd multiplier,
    // xorshift), so a body that differs from another in one word always gets another tag; the
    // shift carries the high bits of each word down, which a multiply alone never does.
    constexpr std::uint64_t kOdd = 0x9E3779B97F4A7C15ULL;
    auto mix = [](std::uint64_t h, std::uint64_t word) {
        h = (h ^ word) * kOdd;
        return h ^ (h >> 32);
    };
    std::uint64_t h = 14695981039346656037ULL;
    std::size_t i = 0;
    for (; i + 8 <= body.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, body.data() + i, 8);
        h = mix(h, word);
    }
    std::uint64_t tail = 0;
    if (i < body.size()) std::memcpy(&tail, body.data() + i, body.size() - i);
    h = mix(mix(h, tail), body.size());
    std::string tag;
    tag.reserve(18);
    tag += '"';
    append_hex64(tag, h);
    tag += '"';
    return tag;
}

bool if_none_match_hits(std::string_view header, std::string_view etag) {
    if (header.empty()) return false;
    if (header == "*") return true;
    std::size_t pos = 0;
    while (pos < header.size()) {
        auto comma = header.find(',', pos);
        auto item = header.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.starts_with("W/")) item.remove_prefix(2);
        if (item == etag) return true;
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    return false;
}

std::string generate_request_id() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::string id;
    id.reserve(32);
    append_hex64(id, rng());
    append_hex64(id, rng());
    return id;
}

Pipeline::Pipeline(const Router& router, Metrics& metrics, bool access_log, TrustedProxies trusted_proxies,
                   span_export::SpanExporter* spans)
    : router_(router),
      metrics_(metrics),
      access_log_(access_log),
      trusted_proxies_(std::move(trusted_proxies)),
      spans_(spans != nullptr && spans->enabled() ? spans : nullptr) {
    for (const auto& r : router.routes()) {
        std::string method = r->method == Verb::get ? "GET" : std::string(to_string(r->method));
        add_route_metrics(r.get(), r->service, r->pattern, method);
    }
    if (const auto* f = router.fallback()) add_route_metrics(f, f->service, f->pattern, "ANY");
    add_route_metrics(nullptr, "none", "unmatched", "ANY");
}

void Pipeline::add_route_metrics(const Route* route, std::string service, std::string pattern, std::string method) {
    auto m = std::make_unique<RouteMetrics>();
    m->duration = &metrics_.http_duration(service, pattern);
    m->service = std::move(service);
    m->pattern = std::move(pattern);
    m->method = std::move(method);
    route_metrics_[route] = std::move(m);
}

const Pipeline::RouteMetrics& Pipeline::metrics_for(const Route* route) const {
    auto it = route_metrics_.find(route);
    return it != route_metrics_.end() ? *it->second : *route_metrics_.at(nullptr);
}

Pipeline::Prepared Pipeline::prepare(RawRequest raw, std::string remote_address) const {
    Prepared p;
    Request& req = p.request;
    req.remote_address = std::move(remote_address);
    if (!trusted_proxies_.empty() && trusted_proxies_.contains(req.remote_address)) {
        auto forwarded_for = raw["X-Forwarded-For"];
        req.client_address = trusted_proxies_.client_of(req.remote_address, forwarded_for);
        req.forwarded = !forwarded_for.empty();
    } else {
        req.client_address = req.remote_address;
    }
    auto incoming_id = raw["X-Request-Id"];
    req.request_id = is_acceptable_request_id(incoming_id) ? std::string(incoming_id) : generate_request_id();
    auto incoming = trace::parse(raw["traceparent"]);
    req.trace_id = incoming ? std::move(incoming->trace_id) : trace::new_trace_id();
    if (spans_ != nullptr) {  // a span of its own only when spans leave the process
        req.span_id = trace::new_span_id();
        if (incoming) req.parent_span_id = std::move(incoming->parent_span_id);
    }
    auto target = std::string(raw.target());
    // RFC 9112 §3.2: an HTTP/1.1 request without Host is refused.
    bool missing_host = raw.version() >= 11 && raw.find(bhttp::field::host) == raw.end();
    req.raw = std::move(raw);
    // Errors found before routing speak the request's language too.
    auto language = answer_language(req.raw);
    if (missing_host) {
        p.immediate = problem_response(BadRequest("Host", Msg("api.request.host_missing")), language);
        return p;
    }

    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) {
        p.immediate = problem_response(BadRequest("target", Msg("api.request.target_invalid")), language);
        return p;
    }
    req.path = parsed->path();  // decoded
    if (!is_valid_utf8(req.path)) {
        p.immediate = problem_response(BadRequest("path", Msg("api.request.path_not_utf8")), language);
        return p;
    }
    for (auto param : parsed->params()) {
        std::string key(param.key), value(param.value);
        if (!is_valid_utf8(key) || !is_valid_utf8(value)) {
            p.immediate = problem_response(
                BadRequest(is_valid_utf8(key) ? key : std::string("query"), Msg("api.request.query_not_utf8")), language);
            return p;
        }
        req.query.emplace_back(std::move(key), std::move(value));
    }

    auto m = router_.match(req.method(), parsed->encoded_path(), req.params);
    switch (m.kind) {
        case RouteMatch::Kind::found:
            p.route = m.route;
            if (m.route->fast_path) {
                auto res = guarded(*m.route, req, true);
                if (res.result() != bhttp::status::unknown) p.immediate = std::move(res);
            }
            return p;
        case RouteMatch::Kind::not_found:
            p.immediate = problem_response(NotFound(Msg("api.request.no_resource", {{"path", req.path}})), language,
                                           req.path);
            break;
        case RouteMatch::Kind::method_not_allowed: {
            HttpError e(405, "Method Not Allowed",
                        Msg("api.request.method_not_allowed",
                            {{"method", std::string(req.raw.method_string())}, {"allowed", m.allow}}));
            e.headers.emplace_back("Allow", m.allow);
            p.immediate = problem_response(e, language, req.path);
            break;
        }
    }
    return p;
}

Response Pipeline::run(const Route& route, Request& req) const { return guarded(route, req, false); }

// Runs the fast path (answer unknown = "not from memory") or the handler, with every middleware.
Response Pipeline::guarded(const Route& route, Request& req, bool fast) const {
    auto started = std::chrono::steady_clock::now();
    auto started_at = req.span_id.empty() ? std::chrono::system_clock::time_point{} : std::chrono::system_clock::now();
    log::ScopedContext context(req.request_id, req.trace_id);
    trace::ScopedSpan span(req.span_id);
    auto language = answer_language(req.raw);
    i18n::ScopedRequestLanguage asked(language);
    Response res;
    try {
        if (fast) {
            auto answer = route.fast_path(req);
            if (!answer) return Response{bhttp::status::unknown, 11};
            res = std::move(*answer);
        } else {
            res = route.handler(req);
        }
    } catch (const HttpError& e) {
        res = problem_response(e, language, req.path);
    } catch (const std::exception& e) {
        // A bug or an unexpected failure: log it with the request id, answer without internals.
        log::error("handler_failed", {{"route", route.pattern}, {"error", e.what()}});
        res = internal_error(req, language);
    } catch (...) {
        log::error("handler_failed", {{"route", route.pattern}, {"error", "unknown exception"}});
        res = internal_error(req, language);
    }

    bool is_get = req.method() == Verb::get || req.method() == Verb::head;
    if (is_get && res.result() == bhttp::status::ok) {
        if (res.find(bhttp::field::etag) == res.end()) res.set(bhttp::field::etag, compute_etag(res.body()));
        if (if_none_match_hits(req.header("If-None-Match"), res[bhttp::field::etag])) {
            res.result(bhttp::status::not_modified);
            res.body().clear();
        }
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    finish(req, res, &route, seconds);
    if (!req.span_id.empty()) export_span(req, res, route, started_at);
    return res;
}

void Pipeline::export_span(const Request& req, const Response& res, const Route& route,
                           std::chrono::system_clock::time_point started_at) const {
    unsigned code = res.result_int();
    span_export::Span s{req.trace_id, req.span_id, req.parent_span_id,
                        std::string(req.raw.method_string()) + " " + route.pattern, span_export::Kind::server,
                        started_at, std::chrono::system_clock::now(), {}, code >= 500};
    s.attributes = {{"http.request.method", boost::json::value(req.raw.method_string())},
                    {"http.route", boost::json::value(route.pattern)},
                    {"http.response.status_code", boost::json::value(static_cast<std::int64_t>(code))},
                    {"rapidtrade.service", boost::json::value(metrics_for(&route).service)}};
    spans_->record(std::move(s));
}

void Pipeline::finish(Request& req, Response& res, const Route* route, double seconds) const {
    res.set("X-Request-Id", req.request_id);
    res.set("X-Content-Type-Options", "nosniff");
    res.set(bhttp::field::server, "rapidtrade");
    const auto& m = metrics_for(route);
    unsigned code = res.result_int();
    if (code < m.by_status.size()) {
        auto* counter = m.by_status[code].load(std::memory_order_acquire);
        if (counter == nullptr) {
            counter = &metrics_.http_requests().Add(
                {{"service", m.service}, {"route", m.pattern}, {"method", m.method}, {"code", std::to_string(code)}});
            m.by_status[code].store(counter, std::memory_order_release);
        }
        counter->Increment();
    }
    m.duration->Observe(seconds);
    if (access_log_ && log::enabled(log::Level::info)) {
        log::ScopedContext context(req.request_id, req.trace_id);
        log::info("request", {{"method", req.raw.method_string()},
                              {"path", req.path},
                              {"status", code},
                              {"duration_us", static_cast<std::int64_t>(seconds * 1e6)},
                              {"bytes", res.body().size()},
                              {"service", m.service},
                              {"route", m.pattern},
                              {"remote", req.remote_address},
                              {"client", req.client_address}});
    }
}

}  // namespace rapidtrade::platform::http
