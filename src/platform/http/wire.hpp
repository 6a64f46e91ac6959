#pragma once
// An answer's status line and header fields as HTTP/1.1 puts them on the wire, so that the server
// writes them and the body in one gathered write. Beast's serializer produces the same bytes, but
// walks a chain of buffer views per field to do it: about a tenth of the CPU of an answer served
// from memory in the catalogue's profile (bench/README.md). The unit test holds the two equal.
#include <string>

#include "platform/http/message.hpp"

namespace rapidtrade::platform::http {

// "HTTP/1.1 200 OK\r\n" then "Name: value\r\n" per field in order, then "\r\n". The fields are the
// answer's as set (prepare_payload or the HEAD rule already applied): nothing is added or checked.
std::string wire_head(const Response& res);

}  // namespace rapidtrade::platform::http
