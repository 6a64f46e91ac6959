#include "services/frontend/forms.hpp"

#include <boost/url/parse_query.hpp>

#include "platform/errors.hpp"
#include "platform/text.hpp"

namespace rapidtrade::frontend {

Form read_form(const platform::http::Request& request) {
    auto type = request.header("Content-Type");
    if (!type.starts_with("application/x-www-form-urlencoded"))
        throw platform::UnsupportedMediaType("a form (application/x-www-form-urlencoded) is expected");
    std::string body = request.raw.body();
    for (auto& c : body)
        if (c == '+') c = ' ';
    // Boost.URL needs a valid query; anything it rejects is a malformed form.
    auto parsed = boost::urls::parse_query(body);
    if (!parsed) throw platform::BadRequest("body", "the form is malformed");
    Form form;
    for (auto p : *parsed) {
        std::string key(p.key), value(p.value);
        if (!platform::is_valid_utf8(key) || !platform::is_valid_utf8(value))
            throw platform::BadRequest("body", "the form is not valid UTF-8");
        form[key] = value;
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
