#include "platform/http/form.hpp"

#include <boost/url/parse_query.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "platform/errors.hpp"
#include "platform/text.hpp"

namespace rapidtrade::platform::http {
namespace {

boost::urls::encoding_opts plus_for_space() {
    boost::urls::encoding_opts opts;
    opts.space_as_plus = true;
    return opts;
}

std::string decoded(boost::urls::pct_string_view encoded) {
    auto out = encoded.decode(plus_for_space());
    if (!is_valid_utf8(out)) throw BadRequest("body", Msg("api.body.form_not_utf8"));
    return out;
}

}  // namespace

std::string form_encode(const FormFields& fields) {
    // Only the unreserved characters stay as they are: '+', '&' and '=' must be escaped in a form
    // (a query's own encoding would leave '+' bare, which a form reads as a space).
    std::string out;
    for (const auto& [key, value] : fields) {
        if (!out.empty()) out += '&';
        out += boost::urls::encode(key, boost::urls::unreserved_chars, plus_for_space());
        out += '=';
        out += boost::urls::encode(value, boost::urls::unreserved_chars, plus_for_space());
    }
    return out;
}

FormFields form_decode(std::string_view body) {
    auto params = boost::urls::parse_query(body);
    if (!params) throw BadRequest("body", Msg("api.body.form_malformed"));
    FormFields out;
    for (auto param : *params) {
        if (param.key.empty() && !param.has_value) continue;
        out.emplace_back(decoded(param.key), param.has_value ? decoded(param.value) : std::string());
    }
    return out;
}

}  // namespace rapidtrade::platform::http
