#pragma once
// Who the client is: the connection's peer, unless that peer is one of TRUSTED_PROXIES (the
// Ingress, a load balancer), in which case X-Forwarded-For says, read from the right: each proxy
// appends the address it received from, so the right-most address that is not a trusted proxy is
// the first one nobody but a trusted proxy could have written. Anything to its left is the
// client's own claim and is ignored.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

namespace rapidtrade::platform::http {

class TrustedProxies {
public:
    TrustedProxies() = default;
    // "10.42.0.0/16, 192.168.1.7, fd00::/8": addresses or CIDRs, comma-separated. Throws
    // std::invalid_argument naming the bad item.
    static TrustedProxies parse(std::string_view list);

    bool empty() const { return v4_.empty() && v6_.empty(); }
    bool contains(std::string_view address) const;
    // The client's address for a connection from `peer` carrying `forwarded_for` (may be empty).
    std::string client_of(const std::string& peer, std::string_view forwarded_for) const;

private:
    std::vector<boost::asio::ip::network_v4> v4_;
    std::vector<boost::asio::ip::network_v6> v6_;
};

// A literal IPv4 or IPv6 address, as text in its canonical form; nullopt for anything else.
std::optional<std::string> canonical_address(std::string_view text);

}  // namespace rapidtrade::platform::http
