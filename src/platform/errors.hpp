#pragma once
// Typed errors thrown by handlers. The HTTP pipeline maps every one of them, in one place
// (http/problem.cpp), to an RFC 9457 application/problem+json answer in the request's language.
//
// An error carries no finished sentence: its texts are Msg, a key of the catalogue
// (src/messages/<language>/api.json, keys "api.*") with the values of its {slots}, written in the
// request's language only when the answer is rendered. what() is the English text, for logs.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "platform/i18n/language.hpp"

namespace rapidtrade::platform {

class Msg {
public:
    using Slots = std::vector<std::pair<std::string, std::string>>;
    // `key` names a text of api.json ("api.field.required"); `slots` fill its {name}s. Values are
    // inserted as they are (problem+json is not HTML: the JSON serialiser escapes them).
    explicit Msg(std::string key, Slots slots = {}) : key_(std::move(key)), slots_(std::move(slots)) {}
    // A text already in the request's language: a refusal passed on from another service, which was
    // asked in that language (the client sends the request's Accept-Language on).
    static Msg verbatim(std::string text) {
        Msg m({}, {});
        m.verbatim_ = std::move(text);
        return m;
    }

    const std::string& key() const { return key_; }
    const Slots& slots() const { return slots_; }
    // Whether it is a text passed on as said (Msg::verbatim), which exists in that one language only.
    bool is_verbatim() const { return key_.empty(); }
    // The text in `language`; `more` adds slots (the problem's detail gets its field errors so).
    std::string in(i18n::Language language, const Slots& more = {}) const;

private:
    std::string key_;
    Slots slots_;
    std::string verbatim_;
};

struct FieldError {
    std::string field;
    Msg message;
};

class HttpError : public std::runtime_error {
public:
    // `detail` may use the slots {message} (the first field error's message) and {errors} (every
    // field error, "field (message)", separated), filled when the problem is rendered.
    HttpError(int status, std::string title, Msg detail, std::vector<FieldError> errors = {});

    int status() const { return status_; }
    const std::string& title() const { return title_; }
    const std::vector<FieldError>& errors() const { return errors_; }
    const Msg& detail_message() const { return detail_; }
    // The problem's `detail`, in `language`.
    std::string detail(i18n::Language language) const;
    // Whether one of its texts (detail or a field's message) is Msg::verbatim: the problem can then
    // only be said in the language that text was said in (the request's), not rendered in another.
    bool in_one_language() const;
    // Extra answer headers, e.g. Retry-After on 429 or Allow on 405.
    std::vector<std::pair<std::string, std::string>> headers;
    // Extra string members of the problem document (RFC 9457 extensions), e.g. "reason" on 402.
    std::vector<std::pair<std::string, std::string>> extensions;

private:
    static std::string render(const Msg& detail, const std::vector<FieldError>& errors, i18n::Language language);

    int status_;
    std::string title_;
    Msg detail_;
    std::vector<FieldError> errors_;
};

// 400: the request itself is malformed or a field is invalid.
struct BadRequest : HttpError {
    explicit BadRequest(Msg detail) : HttpError(400, "Bad Request", std::move(detail)) {}
    BadRequest(std::string field, Msg message)
        : HttpError(400, "Bad Request", Msg("api.problem.invalid_field", {{"field", field}}),
                    {{field, std::move(message)}}) {}
    explicit BadRequest(std::vector<FieldError> errors)
        : HttpError(400, "Bad Request", Msg("api.problem.invalid_input"), std::move(errors)) {}
};

struct Unauthorized : HttpError {
    explicit Unauthorized(Msg detail) : HttpError(401, "Unauthorized", std::move(detail)) {}
};
struct Forbidden : HttpError {
    explicit Forbidden(Msg detail) : HttpError(403, "Forbidden", std::move(detail)) {}
};
struct NotFound : HttpError {
    explicit NotFound(Msg detail) : HttpError(404, "Not Found", std::move(detail)) {}
    // A resource named in the body: the field says which one.
    NotFound(Msg detail, std::string field, Msg message)
        : HttpError(404, "Not Found", std::move(detail), {{std::move(field), std::move(message)}}) {}
};
struct Conflict : HttpError {
    explicit Conflict(Msg detail) : HttpError(409, "Conflict", std::move(detail)) {}
};
struct PayloadTooLarge : HttpError {
    explicit PayloadTooLarge(Msg detail) : HttpError(413, "Payload Too Large", std::move(detail)) {}
};
struct UnsupportedMediaType : HttpError {
    explicit UnsupportedMediaType(Msg detail) : HttpError(415, "Unsupported Media Type", std::move(detail)) {}
};
// 422: well-formed input that breaks a business rule (out of stock, stock below zero...).
struct Unprocessable : HttpError {
    explicit Unprocessable(Msg detail) : HttpError(422, "Unprocessable Content", std::move(detail)) {}
    Unprocessable(std::string field, Msg message)
        : HttpError(422, "Unprocessable Content", Msg("api.problem.field_rule", {{"field", field}}),
                    {{field, std::move(message)}}) {}
};
struct TooManyRequests : HttpError {
    TooManyRequests(Msg detail, int retry_after_seconds) : HttpError(429, "Too Many Requests", std::move(detail)) {
        headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
    }
};
// 503: a dependency (database, another service) is down or too slow.
struct ServiceUnavailable : HttpError {
    explicit ServiceUnavailable(Msg detail) : HttpError(503, "Service Unavailable", std::move(detail)) {}
};

}  // namespace rapidtrade::platform
