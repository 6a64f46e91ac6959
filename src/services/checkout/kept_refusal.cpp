#include "services/checkout/kept_refusal.hpp"

#include <optional>
#include <string>

#include "platform/http/problem.hpp"

namespace rapidtrade::checkout {
namespace {

namespace i18n = platform::i18n;

constexpr std::string_view kJson = "application/json; charset=utf-8";
constexpr std::string_view kProblem = "application/problem+json; charset=utf-8";

struct Chosen {
    i18n::Language language;
    const IdempotencyAnswer* answer;
};

// The kept answer in `asked`; else in French (every refusal the shop wrote has it, so a language
// added later finds it); else the one there is (a refusal said by another service). A language
// read from the database is ours, but only one we speak ever reaches a header.
std::optional<Chosen> choose(const std::vector<IdempotencyAnswer>& answers, i18n::Language asked) {
    std::optional<Chosen> fallback;
    std::optional<Chosen> any;
    for (const auto& a : answers) {
        auto language = i18n::parse_language(a.language);
        if (!language) continue;
        if (*language == asked) return Chosen{*language, &a};
        if (*language == i18n::kDefaultLanguage) fallback = Chosen{*language, &a};
        if (!any) any = Chosen{*language, &a};
    }
    return fallback ? fallback : any;
}

}  // namespace

KeptRefusal keep_refusal(const platform::HttpError& error, i18n::Language asked, std::string_view instance) {
    KeptRefusal kept{platform::http::problem_response(error, asked, instance), {}};
    if (error.in_one_language()) {
        kept.answers.push_back({std::string(i18n::code(asked)), kept.first.body()});
        return kept;
    }
    for (auto language : i18n::kLanguages)
        kept.answers.push_back({std::string(i18n::code(language)),
                                language == asked
                                    ? kept.first.body()
                                    : platform::http::problem_response(error, language, instance).body()});
    return kept;
}

platform::http::Response replay(const IdempotencyRecord& record, i18n::Language asked) {
    platform::http::Response res;
    if (auto chosen = choose(record.answers, asked)) {
        res = platform::http::bytes_response(record.response_status, chosen->answer->body, kProblem);
        platform::http::say_in(res, chosen->language);
    } else {
        res = platform::http::bytes_response(record.response_status, record.response_body,
                                             record.response_status < 300 ? kJson : kProblem);
    }
    res.set("Idempotent-Replayed", "true");
    return res;
}

}  // namespace rapidtrade::checkout
