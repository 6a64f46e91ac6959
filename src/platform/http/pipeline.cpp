#include "platform/http/pipeline.hpp"

#include <chrono>
#include <cstdio>
#include <random>

#include <boost/url/parse.hpp>

#include "platform/errors.hpp"
#include "platform/http/problem.hpp"
#include "platform/log.hpp"
#include "platform/text.hpp"

namespace rapidtrade::platform::http {
namespace {

bool is_acceptable_request_id(std::string_view id) {
    if (id.empty() || id.size() > 128) return false;
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
    return true;
}

std::string etag_of(std::string_view body) {
    std::uint64_t h = 14695981039346656037ULL;  // FNV-1a: fast, and collisions only cost a re-download
    for (unsigned char c : body) h = (h ^ c) * 1099511628211ULL;
    char buf[24];
    std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
    return buf;
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

}  // namespace

std::string generate_request_id() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    char buf[33];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(rng()),
                  static_cast<unsigned long long>(rng()));
    return buf;
}

Pipeline::Prepared Pipeline::prepare(RawRequest raw, std::string remote_address) const {
    Prepared p;
    Request& req = p.request;
    req.remote_address = std::move(remote_address);
    auto incoming_id = raw["X-Request-Id"];
    req.request_id = is_acceptable_request_id(incoming_id) ? std::string(incoming_id) : generate_request_id();
    auto target = std::string(raw.target());
    req.raw = std::move(raw);

    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) {
        p.immediate = problem_response(BadRequest("target", "the request target is not a valid URL path"));
        return p;
    }
    req.path = parsed->path();  // decoded
    if (!is_valid_utf8(req.path)) {
        p.immediate = problem_response(BadRequest("path", "the path is not valid UTF-8 once percent-decoded"));
        return p;
    }
    for (auto param : parsed->params()) {
        std::string key(param.key), value(param.value);
        if (!is_valid_utf8(key) || !is_valid_utf8(value)) {
            p.immediate = problem_response(BadRequest(is_valid_utf8(key) ? key : std::string("query"),
                                                      "the query string is not valid UTF-8 once percent-decoded"));
            return p;
        }
        req.query.emplace_back(std::move(key), std::move(value));
    }

    auto m = router_.match(req.method(), req.path, req.params);
    switch (m.kind) {
        case RouteMatch::Kind::found: p.route = m.route; break;
        case RouteMatch::Kind::not_found:
            p.immediate = problem_response(NotFound("no resource at " + req.path), req.path);
            break;
        case RouteMatch::Kind::method_not_allowed: {
            HttpError e(405, "Method Not Allowed",
                        std::string(req.raw.method_string()) + " is not allowed here; allowed: " + m.allow);
            e.headers.emplace_back("Allow", m.allow);
            p.immediate = problem_response(e, req.path);
            break;
        }
    }
    return p;
}

Response Pipeline::run(const Route& route, Request& req) const {
    auto started = std::chrono::steady_clock::now();
    log::ScopedContext context(req.request_id);
    Response res;
    try {
        res = route.handler(req);
    } catch (const HttpError& e) {
        res = problem_response(e, req.path);
    } catch (const std::exception& e) {
        // A bug or an unexpected failure: log it with the request id, answer without internals.
        log::error("handler_failed", {{"route", route.pattern}, {"error", e.what()}});
        res = problem_response(500, "Internal Server Error",
                               "the server failed to handle this request; reference " + req.request_id, req.path);
    } catch (...) {
        log::error("handler_failed", {{"route", route.pattern}, {"error", "unknown exception"}});
        res = problem_response(500, "Internal Server Error",
                               "the server failed to handle this request; reference " + req.request_id, req.path);
    }

    bool is_get = req.method() == Verb::get || req.method() == Verb::head;
    if (is_get && res.result() == bhttp::status::ok && res.find(bhttp::field::etag) == res.end()) {
        auto etag = etag_of(res.body());
        res.set(bhttp::field::etag, etag);
        if (if_none_match_hits(req.header("If-None-Match"), etag)) {
            res.result(bhttp::status::not_modified);
            res.body().clear();
        }
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    finish(req, res, route.service, route.pattern, seconds);
    metrics_.http_duration(route.service, route.pattern).Observe(seconds);
    return res;
}

void Pipeline::finish(Request& req, Response& res, std::string_view service, std::string_view route,
                      double seconds) const {
    res.set("X-Request-Id", req.request_id);
    res.set("X-Content-Type-Options", "nosniff");
    res.set(bhttp::field::server, "rapidtrade");
    std::string code = std::to_string(res.result_int());
    metrics_.http_requests()
        .Add({{"service", std::string(service)},
              {"route", std::string(route)},
              {"method", std::string(req.raw.method_string())},
              {"code", code}})
        .Increment();
    if (access_log_ && log::enabled(log::Level::info)) {
        log::ScopedContext context(req.request_id);
        log::info("request", {{"method", req.raw.method_string()},
                              {"path", req.path},
                              {"status", res.result_int()},
                              {"duration_us", static_cast<std::int64_t>(seconds * 1e6)},
                              {"bytes", res.body().size()},
                              {"service", service},
                              {"route", route},
                              {"remote", req.remote_address}});
    }
}

}  // namespace rapidtrade::platform::http
