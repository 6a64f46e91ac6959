#include "services/frontend/uploads.hpp"

#include "platform/errors.hpp"
#include "platform/text.hpp"

namespace rapidtrade::frontend {

namespace {

// The back-office's photo form has three fields; a few more leaves room, not a heap of parts.
platform::http::MultipartLimits upload_limits() {
    platform::http::MultipartLimits limits;
    limits.max_parts = 8;
    return limits;
}

}  // namespace

const platform::http::MultipartPart* UploadForm::part(std::string_view name) const {
    for (const auto& p : parts)
        if (p.name == name) return &p;
    return nullptr;
}

UploadForm read_upload(const platform::http::Request& request) {
    auto boundary = platform::http::multipart_boundary(request.header("Content-Type"));
    return UploadForm{platform::http::multipart_decode(request.raw.body(), boundary, upload_limits())};
}

void check_csrf(const UploadForm& form, const Session& session) {
    const auto* csrf = form.part("csrf");
    if (csrf == nullptr || csrf->filename || session.csrf.empty() || !platform::constant_time_equals(csrf->body, session.csrf))
        throw platform::Forbidden(platform::Msg("api.form.csrf"));
}

}  // namespace rapidtrade::frontend
