#include "platform/trace.hpp"

#include <random>
#include <utility>

#include "platform/encoding.hpp"

namespace rapidtrade::platform::trace {
namespace {

bool is_lower_hex(std::string_view s) {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string random_hex(int bytes) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::string out;
    out.reserve(static_cast<std::size_t>(bytes) * 2 + 16);
    while (static_cast<int>(out.size()) < bytes * 2) append_hex64(out, rng());
    out.resize(static_cast<std::size_t>(bytes) * 2);
    return out;
}

thread_local std::string t_span_id;

}  // namespace

const std::string& current_span_id() { return t_span_id; }

ScopedSpan::ScopedSpan(std::string span_id) : previous_(std::move(t_span_id)) { t_span_id = std::move(span_id); }
ScopedSpan::~ScopedSpan() { t_span_id = std::move(previous_); }

std::optional<Traceparent> parse(std::string_view h) {
    if (h.size() != 55 || h[2] != '-' || h[35] != '-' || h[52] != '-') return std::nullopt;
    auto version = h.substr(0, 2), id = h.substr(3, 32), parent = h.substr(36, 16), flags = h.substr(53, 2);
    if (!is_lower_hex(version) || version == "ff" || !is_lower_hex(id) || !is_lower_hex(parent) || !is_lower_hex(flags))
        return std::nullopt;
    if (id == std::string(32, '0') || parent == std::string(16, '0')) return std::nullopt;
    return Traceparent{std::string(id), std::string(parent)};
}

std::string new_trace_id() { return random_hex(16); }
std::string new_span_id() { return random_hex(8); }

std::string traceparent(const std::string& trace_id, const std::string& span_id) {
    return "00-" + trace_id + "-" + span_id + "-01";
}

}  // namespace rapidtrade::platform::trace
