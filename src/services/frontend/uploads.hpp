#pragma once
// Forms that carry a file (multipart/form-data: the product photo), read by the platform's strict
// reader (platform/http/multipart), and the CSRF check they pass like every other form.
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/message.hpp"
#include "platform/http/multipart.hpp"
#include "services/frontend/session.hpp"

namespace rapidtrade::frontend {

struct UploadForm {
    std::vector<platform::http::MultipartPart> parts;  // pointing into the request's body
    // The part with this name, or null.
    const platform::http::MultipartPart* part(std::string_view name) const;
};

// 415 when the body is not multipart/form-data; 400 when it is malformed (see multipart.hpp).
// The request must outlive the form: the parts point into its body.
UploadForm read_upload(const platform::http::Request& request);
// 403 unless the form's csrf field (a text field, not a file) matches the session's token.
void check_csrf(const UploadForm& form, const Session& session);

}  // namespace rapidtrade::frontend
