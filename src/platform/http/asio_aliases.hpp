#pragma once
// The Asio vocabulary the server and the client coroutines share: short names, and kTuple, the
// completion token that hands back (error_code, result) instead of throwing, so a failed read or
// write is a value the coroutine checks, not an exception through co_await.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>

namespace rapidtrade::platform::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;
inline constexpr auto kTuple = asio::as_tuple(use_awaitable);

}  // namespace rapidtrade::platform::http
