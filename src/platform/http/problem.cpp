#include "platform/http/problem.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace rapidtrade::platform::http {
namespace {

// A stable, documented URI per status so clients can branch on `type` (docs/api/problems.md).
std::string type_uri(unsigned status) {
    return "https://rapidtrade.example.fr/problems/" + std::to_string(status);
}

}  // namespace

Response problem_response(const HttpError& error, i18n::Language language, std::string_view instance) {
    boost::json::object body;
    body["type"] = type_uri(error.status());
    body["title"] = error.title();
    body["status"] = error.status();
    body["detail"] = error.detail(language);
    if (!instance.empty()) body["instance"] = instance;
    for (const auto& [name, value] : error.extensions) body[name] = value;
    if (!error.errors().empty()) {
        boost::json::array errors;
        for (const auto& e : error.errors()) errors.push_back({{"field", e.field}, {"message", e.message.in(language)}});
        body["errors"] = std::move(errors);
    }
    Response res{static_cast<bhttp::status>(error.status()), 11};
    res.set(bhttp::field::content_type, "application/problem+json; charset=utf-8");
    say_in(res, language);
    for (const auto& [name, value] : error.headers) res.set(name, value);
    res.body() = boost::json::serialize(body);
    return res;
}

void say_in(Response& res, i18n::Language language) {
    res.set(bhttp::field::content_language, i18n::code(language));
    res.set(bhttp::field::vary, "Accept-Language");
}

i18n::Language answer_language(const RawRequest& request) {
    return i18n::from_accept_language(request[bhttp::field::accept_language]);
}

std::optional<ReceivedProblem> read_problem(std::string_view body) {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (ec || !v.is_object()) return std::nullopt;
    const auto& o = v.as_object();
    auto text = [](const boost::json::object& from, const char* key) {
        const auto* x = from.if_contains(key);
        return x && x->is_string() ? std::string(x->as_string()) : std::string();
    };
    ReceivedProblem p{text(o, "title"), text(o, "detail"), text(o, "reason"), {}};
    if (const auto* errors = o.if_contains("errors"); errors && errors->is_array())
        for (const auto& e : errors->as_array()) {
            if (!e.is_object()) continue;
            const auto* field = e.as_object().if_contains("field");
            if (field == nullptr || !field->is_string()) continue;
            p.fields.push_back({std::string(field->as_string()), text(e.as_object(), "message")});
        }
    return p;
}

}  // namespace rapidtrade::platform::http
