// The session cookie (frontend::SessionCodec::load) on any Cookie header, and on any rt_session
// value. Invariants: a cookie the fuzzer made up never decrypts (it never gives a logged-in session,
// a cart or a customer), and the session always has a CSRF token. At start-up a cookie sealed by
// the codec itself is loaded back, to prove the harness can tell a good cookie from a bad one.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "services/frontend/session.hpp"

namespace {

using rapidtrade::frontend::Session;
using rapidtrade::frontend::SessionCodec;

const SessionCodec& codec() {
    static const SessionCodec c("fuzzing secret, not the shop's", false);
    return c;
}

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "session_fuzz invariant broken: %s\n", what);
    std::abort();
}

Session load(std::string cookie) {
    rapidtrade::platform::http::Request req;
    req.raw.set(boost::beast::http::field::cookie, std::move(cookie));
    return codec().load(req);
}

void check(const Session& s) {
    if (s.logged_in() || !s.refresh_token.empty()) fail("a made-up cookie gives a logged-in session");
    if (!s.cart_id.empty() || !s.customer_id.empty() || !s.first_name.empty() || !s.flash.empty() ||
        !s.last_order.empty() || !s.order_token.empty() || s.cart_count != 0)
        fail("a made-up cookie decrypts");
    if (s.csrf.empty()) fail("the session has no CSRF token");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // A genuine cookie, sealed by the codec, must load back logged in: otherwise check() proves nothing.
    Session s;
    s.access_token = "header.payload.signature";
    s.csrf = "csrf-token";
    s.changed = true;
    rapidtrade::platform::http::Response res;
    codec().store(s, res);
    std::string cookie(res[boost::beast::http::field::set_cookie]);
    cookie = cookie.substr(0, cookie.find(';'));
    Session back = load(cookie);
    if (!back.logged_in() || back.csrf != "csrf-token") fail("the codec cannot read its own cookie");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string input(reinterpret_cast<const char*>(data), size);
    check(load(input));
    check(load(std::string(SessionCodec::kCookie) + "=" + input));
    return 0;
}
