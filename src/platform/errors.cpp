#include "platform/errors.hpp"

#include <algorithm>

#include "platform/i18n/messages.hpp"

namespace rapidtrade::platform {

std::string Msg::in(i18n::Language language, const Slots& more) const {
    if (key_.empty()) return verbatim_;
    if (more.empty()) return i18n::message(language, key_, slots_);
    Slots all = slots_;
    all.insert(all.end(), more.begin(), more.end());
    return i18n::message(language, key_, all);
}

// what() is rendered now, in English: it is what the logs show, and rendering once here also
// makes a key missing from the catalogue fail at the throw (a bug the key test finds first).
HttpError::HttpError(int status, std::string title, Msg detail, std::vector<FieldError> errors)
    : std::runtime_error(render(detail, errors, i18n::Language::en)), status_(status), title_(std::move(title)),
      detail_(std::move(detail)), errors_(std::move(errors)) {}

std::string HttpError::detail(i18n::Language language) const { return render(detail_, errors_, language); }

bool HttpError::in_one_language() const {
    return detail_.is_verbatim() ||
           std::any_of(errors_.begin(), errors_.end(), [](const FieldError& e) { return e.message.is_verbatim(); });
}

std::string HttpError::render(const Msg& detail, const std::vector<FieldError>& errors, i18n::Language language) {
    if (errors.empty()) return detail.in(language);
    std::string first = errors.front().message.in(language);
    std::string all;
    const std::string& separator = i18n::message(language, "api.problem.errors_separator");
    for (const auto& e : errors) {
        if (!all.empty()) all += separator;
        all += i18n::message(language, "api.problem.error_item", {{"field", e.field}, {"message", e.message.in(language)}});
    }
    return detail.in(language, {{"message", std::move(first)}, {"errors", std::move(all)}});
}

}  // namespace rapidtrade::platform
