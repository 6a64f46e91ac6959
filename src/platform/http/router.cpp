#include "platform/http/router.hpp"

#include <algorithm>
#include <stdexcept>

#include <boost/container/small_vector.hpp>
#include <boost/url/pct_string_view.hpp>

namespace rapidtrade::platform::http {

namespace {

using Segments = boost::container::small_vector<std::string_view, 8>;

// Calls `each` with every non-empty segment of `path`, in order ("//a///b/" has two).
template <class Each>
void for_each_segment(std::string_view path, Each each) {
    std::size_t i = 0;
    while (i < path.size()) {
        while (i < path.size() && path[i] == '/') ++i;
        std::size_t j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        if (j > i) each(path.substr(i, j - i));
        i = j;
    }
}

}  // namespace

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> out;
    for_each_segment(path, [&out](std::string_view seg) { out.push_back(seg); });
    return out;
}

Router::Mount& Router::Mount::add(Verb method, std::string pattern, Handler h, FastPath fast) {
    auto route = std::make_unique<Route>();
    route->method = method;
    route->pattern = pattern;
    route->service = service_;
    route->handler = std::move(h);
    route->fast_path = std::move(fast);
    route->pool = pool_;
    for (auto seg : split_path(pattern)) {
        route->segments.emplace_back(seg);
        bool param = seg.starts_with('{') && seg.ends_with('}');
        route->is_param.push_back(param);
        if (!param) ++route->literal_count;
    }
    // "/x/{id}" and "/x/{other}" have the same shape: the second could never be reached.
    auto same_shape = [](const Route& a, const Route& b) {
        if (a.segments.size() != b.segments.size()) return false;
        for (std::size_t i = 0; i < a.segments.size(); ++i) {
            bool a_param = a.is_param[i], b_param = b.is_param[i];
            if (a_param != b_param || (!a_param && a.segments[i] != b.segments[i])) return false;
        }
        return true;
    };
    for (const auto& existing : router_.routes_)
        if (existing->method == method && same_shape(*existing, *route))
            throw std::logic_error("route registered twice: " + pattern);
    auto length = route->segments.size();
    if (router_.by_length_.size() <= length) router_.by_length_.resize(length + 1);
    router_.by_length_[length].push_back(route.get());
    router_.routes_.push_back(std::move(route));
    return *this;
}

Router::Mount& Router::Mount::max_body(std::size_t bytes) {
    if (router_.routes_.empty()) throw std::logic_error("max_body() before any route");
    router_.routes_.back()->max_body = bytes;
    return *this;
}

std::size_t Router::body_limit(Verb method, std::string_view target, std::size_t fallback) const {
    std::vector<std::pair<std::string, std::string>> params;
    auto m = match(method, target.substr(0, target.find_first_of("?#")), params);
    return m.kind == RouteMatch::Kind::found && m.route->max_body != 0 ? m.route->max_body : fallback;
}

std::size_t Router::largest_body_limit(std::size_t fallback) const {
    std::size_t largest = fallback;
    for (const auto& r : routes_) largest = std::max(largest, r->max_body);
    return largest;
}

void Router::set_fallback(Route route) { fallback_ = std::make_unique<Route>(std::move(route)); }

namespace {

bool segments_match(const Route& route, const Segments& parts) {
    if (route.segments.size() != parts.size()) return false;
    for (std::size_t i = 0; i < parts.size(); ++i)
        if (!route.is_param[i] && route.segments[i] != parts[i]) return false;
    return true;
}

// A literal earlier in the path beats a parameter: "/products/categories" wins over "/products/{id}".
bool more_specific(const Route& a, const Route& b) {
    for (std::size_t i = 0; i < a.segments.size(); ++i)
        if (a.is_param[i] != b.is_param[i]) return !a.is_param[i];
    return false;
}

const char* verb_name(Verb v) {
    switch (v) {
        case Verb::get: return "GET";
        case Verb::post: return "POST";
        case Verb::put: return "PUT";
        case Verb::patch: return "PATCH";
        case Verb::delete_: return "DELETE";
        default: return "";
    }
}

}  // namespace

RouteMatch Router::match(Verb method, std::string_view path,
                         std::vector<std::pair<std::string, std::string>>& params) const {
    // Segments, methods and decoded texts kept inline: matching allocates nothing for a path of
    // up to eight segments (this runs on every request).
    Segments parts;
    for_each_segment(path, [&parts](std::string_view seg) { parts.push_back(seg); });
    boost::container::small_vector<std::string, 2> decoded;
    for (auto& part : parts) {
        if (part.find('%') == std::string_view::npos) continue;  // the common case: nothing to decode
        auto pct = boost::urls::make_pct_string_view(part);      // the pipeline checked the encoding
        if (!pct) continue;
        if (decoded.empty()) decoded.reserve(parts.size());  // reserved: the views below stay valid
        decoded.push_back(pct->decode());
        part = decoded.back();
    }
    Verb wanted = method == Verb::head ? Verb::get : method;
    const Route* best = nullptr;
    boost::container::small_vector<Verb, 8> allowed;
    static const std::vector<const Route*> kNone;
    const auto& candidates = parts.size() < by_length_.size() ? by_length_[parts.size()] : kNone;
    for (const Route* r : candidates) {
        if (!segments_match(*r, parts)) continue;
        if (std::find(allowed.begin(), allowed.end(), r->method) == allowed.end()) allowed.push_back(r->method);
        if (r->method == wanted && (best == nullptr || more_specific(*r, *best))) best = r;
    }
    RouteMatch m;
    if (best != nullptr) {
        m.kind = RouteMatch::Kind::found;
        m.route = best;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            const auto& seg = best->segments[i];
            if (best->is_param[i]) params.emplace_back(seg.substr(1, seg.size() - 2), parts[i]);
        }
        return m;
    }
    if (!allowed.empty()) {
        m.kind = RouteMatch::Kind::method_not_allowed;
        if (std::find(allowed.begin(), allowed.end(), Verb::get) != allowed.end()) allowed.push_back(Verb::head);
        for (auto v : allowed) {
            if (!m.allow.empty()) m.allow += ", ";
            m.allow += v == Verb::head ? "HEAD" : verb_name(v);
        }
        return m;
    }
    if (fallback_) {
        m.kind = RouteMatch::Kind::found;
        m.route = fallback_.get();
    }
    return m;
}

}  // namespace rapidtrade::platform::http
