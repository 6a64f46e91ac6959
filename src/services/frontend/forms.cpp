#include "services/frontend/forms.hpp"

#include "platform/errors.hpp"
#include "platform/http/form.hpp"
#include "platform/text.hpp"

namespace rapidtrade::frontend {

// application/x-www-form-urlencoded only; the body is decoded by the platform (Boost.URL).
Form read_form(const platform::http::Request& request) {
    auto type = request.header("Content-Type");
    if (!type.starts_with("application/x-www-form-urlencoded"))
        throw platform::UnsupportedMediaType(platform::Msg("api.form.expected"));
    Form form;
    for (auto& [key, value] : platform::http::form_decode(request.raw.body())) form[std::move(key)] = std::move(value);
    return form;
}

void check_csrf(const Form& form, const Session& session) {
    auto it = form.find("csrf");
    if (it == form.end() || session.csrf.empty() || !platform::constant_time_equals(it->second, session.csrf))
        throw platform::Forbidden(platform::Msg("api.form.csrf"));
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
