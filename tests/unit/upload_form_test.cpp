// The web shop's forms with a file (frontend::read_upload): the multipart reader behind the
// Content-Type check, and the CSRF token that only a text field named csrf may carry.
#include <gtest/gtest.h>

#include "platform/errors.hpp"
#include "services/frontend/uploads.hpp"

using namespace rapidtrade;

namespace {

platform::http::Request upload(const std::string& content_type, std::string body) {
    platform::http::Request r;
    r.raw.set(boost::beast::http::field::content_type, content_type);
    r.raw.body() = std::move(body);
    return r;
}

std::string csrf_part(const std::string& disposition, const std::string& value) {
    return "--b\r\nContent-Disposition: " + disposition + "\r\n\r\n" + value + "\r\n";
}

frontend::Session session_with(const std::string& csrf) {
    frontend::Session s;
    s.csrf = csrf;
    return s;
}

}  // namespace

TEST(UploadForm, ReadsTheFieldsAndChecksTheCsrfToken) {
    auto r = upload("multipart/form-data; boundary=b",
                    csrf_part("form-data; name=\"csrf\"", "tok") +
                        "--b\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--b--\r\n");
    auto form = frontend::read_upload(r);
    ASSERT_NE(form.part("photo"), nullptr);
    EXPECT_EQ(form.part("photo")->body, "PNG");
    EXPECT_EQ(form.part("nothing"), nullptr);
    EXPECT_NO_THROW(frontend::check_csrf(form, session_with("tok")));
    EXPECT_THROW(frontend::check_csrf(form, session_with("other")), platform::Forbidden);
    EXPECT_THROW(frontend::check_csrf(form, session_with("")), platform::Forbidden) << "no session token, no form";
}

TEST(UploadForm, RefusesAMissingOrFileCsrfAndOtherBodies) {
    auto no_csrf = frontend::read_upload(upload("multipart/form-data; boundary=b", "--b--"));
    EXPECT_THROW(frontend::check_csrf(no_csrf, session_with("tok")), platform::Forbidden);
    // The token sent as a file is not the form's token.
    auto as_file = frontend::read_upload(
        upload("multipart/form-data; boundary=b", csrf_part("form-data; name=\"csrf\"; filename=\"t\"", "tok") + "--b--"));
    EXPECT_THROW(frontend::check_csrf(as_file, session_with("tok")), platform::Forbidden);
    EXPECT_THROW(frontend::read_upload(upload("application/x-www-form-urlencoded", "csrf=tok")), platform::UnsupportedMediaType);
    EXPECT_THROW(frontend::read_upload(upload("multipart/form-data; boundary=b", csrf_part("form-data; name=\"csrf\"", "tok"))),
                 platform::BadRequest);
    // More parts than the photo form could ever need.
    std::string many;
    for (int i = 0; i < 9; ++i) many += csrf_part("form-data; name=\"f" + std::to_string(i) + "\"", "x");
    EXPECT_THROW(frontend::read_upload(upload("multipart/form-data; boundary=b", many + "--b--")), platform::BadRequest);
}
