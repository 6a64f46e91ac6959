#pragma once
// Typed errors thrown by handlers. The HTTP pipeline maps every one of them, in one place
// (http/problem.cpp), to an RFC 9457 application/problem+json answer.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace rapidtrade::platform {

struct FieldError {
    std::string field;
    std::string message;
};

class HttpError : public std::runtime_error {
public:
    HttpError(int status, std::string title, std::string detail, std::vector<FieldError> errors = {})
        : std::runtime_error(detail), status_(status), title_(std::move(title)), errors_(std::move(errors)) {}

    int status() const { return status_; }
    const std::string& title() const { return title_; }
    const std::vector<FieldError>& errors() const { return errors_; }
    // Extra answer headers, e.g. Retry-After on 429 or Allow on 405.
    std::vector<std::pair<std::string, std::string>> headers;
    // Extra string members of the problem document (RFC 9457 extensions), e.g. "reason" on 402.
    std::vector<std::pair<std::string, std::string>> extensions;

private:
    int status_;
    std::string title_;
    std::vector<FieldError> errors_;
};

// 400: the request itself is malformed or a field is invalid.
struct BadRequest : HttpError {
    explicit BadRequest(std::string detail) : HttpError(400, "Bad Request", std::move(detail)) {}
    BadRequest(std::string field, std::string message)
        : HttpError(400, "Bad Request", "invalid field '" + field + "': " + message, {{field, message}}) {}
    explicit BadRequest(std::vector<FieldError> errors)
        : HttpError(400, "Bad Request", summary(errors), std::move(errors)) {}
    static std::string summary(const std::vector<FieldError>& errors) {
        std::string s = "invalid input:";
        for (const auto& e : errors) s += " " + e.field + " (" + e.message + ");";
        if (!errors.empty()) s.pop_back();
        return s;
    }
};

struct Unauthorized : HttpError {
    explicit Unauthorized(std::string detail) : HttpError(401, "Unauthorized", std::move(detail)) {}
};
struct Forbidden : HttpError {
    explicit Forbidden(std::string detail) : HttpError(403, "Forbidden", std::move(detail)) {}
};
struct NotFound : HttpError {
    explicit NotFound(std::string detail) : HttpError(404, "Not Found", std::move(detail)) {}
};
struct Conflict : HttpError {
    explicit Conflict(std::string detail) : HttpError(409, "Conflict", std::move(detail)) {}
};
struct PayloadTooLarge : HttpError {
    explicit PayloadTooLarge(std::string detail) : HttpError(413, "Payload Too Large", std::move(detail)) {}
};
struct UnsupportedMediaType : HttpError {
    explicit UnsupportedMediaType(std::string detail) : HttpError(415, "Unsupported Media Type", std::move(detail)) {}
};
// 422: well-formed input that breaks a business rule (out of stock, stock below zero...).
struct Unprocessable : HttpError {
    explicit Unprocessable(std::string detail) : HttpError(422, "Unprocessable Content", std::move(detail)) {}
    Unprocessable(std::string field, std::string message)
        : HttpError(422, "Unprocessable Content", field + ": " + message, {{field, message}}) {}
};
struct TooManyRequests : HttpError {
    TooManyRequests(std::string detail, int retry_after_seconds)
        : HttpError(429, "Too Many Requests", std::move(detail)) {
        headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
    }
};
// 503: a dependency (database, another service) is down or too slow.
struct ServiceUnavailable : HttpError {
    explicit ServiceUnavailable(std::string detail) : HttpError(503, "Service Unavailable", std::move(detail)) {}
};

}  // namespace rapidtrade::platform
