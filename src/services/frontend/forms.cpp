#include "services/frontend/forms.hpp"

#include <boost/url/parse_query.hpp>

#include "platform/errors.hpp"
#include "platform/text.hpp"

namespace rapidtrade::frontend {

namespace {

// One key or value of the form, percent-decoded by Boost.URL ('+' is a space); 400 when it is not
// valid UTF-8 once decoded.
std::string form_decode(boost::urls::pct_string_view encoded) {
    boost::urls::encoding_opts opts;
    opts.space_as_plus = true;
    auto out = encoded.decode(opts);
    if (!platform::is_valid_utf8(out)) throw platform::BadRequest("body", "the form is not valid UTF-8");
    return out;
}

}  // namespace

// application/x-www-form-urlencoded: the query grammar of RFC 3986, which Boost.URL parses and
// validates (a malformed %XX is a 400).
Form read_form(const platform::http::Request& request) {
    auto type = request.header("Content-Type");
    if (!type.starts_with("application/x-www-form-urlencoded"))
        throw platform::UnsupportedMediaType("a form (application/x-www-form-urlencoded) is expected");
    auto params = boost::urls::parse_query(request.raw.body());
    if (!params) throw platform::BadRequest("body", "the form is malformed");
    Form form;
    for (auto param : *params) {
        if (param.key.empty() && !param.has_value) continue;
        form[form_decode(param.key)] = param.has_value ? form_decode(param.value) : std::string();
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
