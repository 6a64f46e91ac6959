#include "platform/http/wire.hpp"

#include <charconv>

namespace rapidtrade::platform::http {

std::string wire_head(const Response& res) {
    std::string out;
    out.reserve(320);
    out += res.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    char code[4];
    auto [end, ec] = std::to_chars(code, code + sizeof code, res.result_int());
    out.append(code, end);
    out += ' ';
    auto reason = res.reason();
    out += reason.empty() ? bhttp::obsolete_reason(res.result()) : reason;
    out += "\r\n";
    for (const auto& field : res) {
        out += field.name_string();
        out += ": ";
        out += field.value();
        out += "\r\n";
    }
    out += "\r\n";
    return out;
}

}  // namespace rapidtrade::platform::http
