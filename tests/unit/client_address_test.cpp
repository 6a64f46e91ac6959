// TRUSTED_PROXIES: who the client is behind the Ingress, and what a forged X-Forwarded-For gets.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

#include "platform/config.hpp"
#include "platform/http/client_address.hpp"

using namespace rapidtrade::platform;
using http::canonical_address;
using http::TrustedProxies;

TEST(TrustedProxies, WithNoneTheForwardedForHeaderIsIgnored) {
    TrustedProxies none;
    EXPECT_EQ(none.client_of("198.51.100.9", "203.0.113.7"), "198.51.100.9");
}

TEST(TrustedProxies, OnlyAPeerInTheListIsBelieved) {
    auto proxies = TrustedProxies::parse("10.42.0.0/16, 192.168.1.7");
    EXPECT_TRUE(proxies.contains("10.42.3.4"));
    EXPECT_TRUE(proxies.contains("192.168.1.7"));
    EXPECT_TRUE(proxies.contains("::ffff:10.42.0.1")) << "an IPv4 peer seen through a dual-stack socket";
    EXPECT_FALSE(proxies.contains("10.43.0.1"));
    EXPECT_FALSE(proxies.contains("192.168.1.8"));
    EXPECT_EQ(proxies.client_of("198.51.100.9", "203.0.113.7"), "198.51.100.9") << "an untrusted peer's header";
    EXPECT_EQ(proxies.client_of("10.42.0.5", "203.0.113.7"), "203.0.113.7");
}

TEST(TrustedProxies, TheClientIsTheRightMostAddressThatIsNotAProxy) {
    auto proxies = TrustedProxies::parse("10.42.0.0/16");
    // The visitor wrote "1.2.3.4" themselves; the Ingress appended the address it really saw.
    EXPECT_EQ(proxies.client_of("10.42.0.5", "1.2.3.4, 203.0.113.7"), "203.0.113.7");
    EXPECT_EQ(proxies.client_of("10.42.0.5", "203.0.113.7, 10.42.9.9"), "203.0.113.7") << "two proxies in a row";
    EXPECT_EQ(proxies.client_of("10.42.0.5", "garbage\r\n, 203.0.113.7"), "203.0.113.7");
    EXPECT_EQ(proxies.client_of("10.42.0.5", "203.0.113.7, not-an-address"), "10.42.0.5")
        << "garbage where the proxy wrote: nothing to its left can be trusted";
    EXPECT_EQ(proxies.client_of("10.42.0.5", ""), "10.42.0.5");
    EXPECT_EQ(proxies.client_of("10.42.0.5", " 2001:db8::1 "), "2001:db8::1");
}

TEST(TrustedProxies, ABadListStopsTheStartWithTheVariableNamed) {
    for (const char* bad : {"10.0.0.0/33", "not-an-ip", "10.0.0.1/8/2", "fd00::/129"})
        EXPECT_THROW(TrustedProxies::parse(bad), std::invalid_argument) << bad;
    std::map<std::string, std::string> vars{{"TRUSTED_PROXIES", "10.0.0.0/8, nope"}};
    Env env([&](const std::string& k) -> std::optional<std::string> {
        auto it = vars.find(k);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    });
    try {
        ServerConfig::from_env(env, 8080);
        FAIL() << "accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("TRUSTED_PROXIES"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos) << e.what();
    }
}

TEST(CanonicalAddress, OnlyOneLiteralAddress) {
    EXPECT_EQ(canonical_address("203.0.113.7").value_or(""), "203.0.113.7");
    EXPECT_EQ(canonical_address("2001:DB8::1").value_or(""), "2001:db8::1");
    for (const char* bad : {"", "203.0.113.7, 1.2.3.4", "203.0.113.7\r\nX: y", "localhost", "1.2.3.4:80"})
        EXPECT_FALSE(canonical_address(bad)) << bad;
}
