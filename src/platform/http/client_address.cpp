#include "platform/http/client_address.hpp"

#include <stdexcept>

#include <boost/asio/ip/address.hpp>

namespace rapidtrade::platform::http {
namespace ip = boost::asio::ip;

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<ip::address> address_of(std::string_view text) {
    boost::system::error_code ec;
    auto a = ip::make_address(std::string(trim(text)), ec);
    if (ec) return std::nullopt;
    // An IPv4 client seen through a dual-stack socket ("::ffff:10.0.0.1") is that IPv4 client.
    if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::address(ip::make_address_v4(ip::v4_mapped, a.to_v6()));
    return a;
}

}  // namespace

std::optional<std::string> canonical_address(std::string_view text) {
    auto a = address_of(text);
    if (!a) return std::nullopt;
    return a->to_string();
}

TrustedProxies TrustedProxies::parse(std::string_view list) {
    TrustedProxies out;
    while (!list.empty()) {
        auto comma = list.find(',');
        auto item = trim(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        if (item.empty()) continue;
        boost::system::error_code ec;
        std::string text(item);
        if (text.find('/') == std::string::npos) {
            auto a = address_of(text);
            if (!a) throw std::invalid_argument(text);
            if (a->is_v4()) out.v4_.emplace_back(a->to_v4(), 32);
            else out.v6_.emplace_back(a->to_v6(), 128);
        } else if (text.find(':') == std::string::npos) {
            auto n = ip::make_network_v4(text, ec);
            if (ec) throw std::invalid_argument(text);
            out.v4_.push_back(n.canonical());
        } else {
            auto n = ip::make_network_v6(text, ec);
            if (ec) throw std::invalid_argument(text);
            out.v6_.push_back(n.canonical());
        }
    }
    return out;
}

bool TrustedProxies::contains(std::string_view address) const {
    auto a = address_of(address);
    if (!a) return false;
    if (a->is_v4()) {
        for (const auto& n : v4_)
            if (ip::network_v4(a->to_v4(), 32).is_subnet_of(n) || n.address() == a->to_v4()) return true;
    } else {
        for (const auto& n : v6_)
            if (ip::network_v6(a->to_v6(), 128).is_subnet_of(n) || n.address() == a->to_v6()) return true;
    }
    return false;
}

std::string TrustedProxies::client_of(const std::string& peer, std::string_view forwarded_for) const {
    if (empty() || !contains(peer)) return peer;
    std::string client = peer;
    // Right to left: stop at the first address that is not a trusted proxy.
    while (!forwarded_for.empty()) {
        auto comma = forwarded_for.rfind(',');
        auto item = comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
        forwarded_for = comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
        auto a = canonical_address(item);
        if (!a) break;  // garbage: what is left of it cannot be trusted; the last proxy is the client
        client = *a;
        if (!contains(*a)) break;
    }
    return client;
}

}  // namespace rapidtrade::platform::http
