#include "services/frontend/forms.hpp"


#include "platform/errors.hpp"
#include "platform/text.hpp"

namespace rapidtrade::frontend {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// application/x-www-form-urlencoded decoding: '+' is a space, %XX a byte.
std::string form_decode(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            int hi = i + 2 < in.size() ? hex_value(in[i + 1]) : -1;
            int lo = i + 2 < in.size() ? hex_value(in[i + 2]) : -1;
            if (hi < 0 || lo < 0) throw platform::BadRequest("body", "the form is malformed");
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += c;
        }
    }
    if (!platform::is_valid_utf8(out)) throw platform::BadRequest("body", "the form is not valid UTF-8");
    return out;
}

}  // namespace

Form read_form(const platform::http::Request& request) {
    auto type = request.header("Content-Type");
    if (!type.starts_with("application/x-www-form-urlencoded"))
        throw platform::UnsupportedMediaType("a form (application/x-www-form-urlencoded) is expected");
    std::string_view body = request.raw.body();
    Form form;
    while (!body.empty()) {
        auto amp = body.find('&');
        auto pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        form[form_decode(pair.substr(0, eq))] = eq == std::string_view::npos ? std::string() : form_decode(pair.substr(eq + 1));
    }
    return form;
}

void check_csrf(const Form& form, const Session& session) {
    auto it = form.find("csrf");
    if (it == form.end() || session.csrf.empty() || !platform::constant_time_equals(it->second, session.csrf))
        throw platform::Forbidden("csrf");
}

std::string field(const Form& form, const std::string& name) {
    auto it = form.find(name);
    if (it == form.end()) return {};
    auto s = it->second;
    auto first = s.find_first_not_of(" \t\r\n");
    auto last = s.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

}  // namespace rapidtrade::frontend
