#include <gtest/gtest.h>

#include "platform/errors.hpp"
#include "services/frontend/forms.hpp"

using namespace rapidtrade;

namespace {

platform::http::Request form_request(std::string body) {
    platform::http::Request r;
    r.raw.set(boost::beast::http::field::content_type, "application/x-www-form-urlencoded");
    r.raw.body() = std::move(body);
    return r;
}

}  // namespace

TEST(Form, DecodesWhatBrowsersSend) {
    auto f = frontend::read_form(form_request("email=jean.rault%40example.fr&full_name=Camille+Martin&city=S%C3%A8te&empty=&flag"));
    EXPECT_EQ(f.at("email"), "jean.rault@example.fr");
    EXPECT_EQ(f.at("full_name"), "Camille Martin");
    EXPECT_EQ(f.at("city"), "Sète");
    EXPECT_EQ(f.at("empty"), "");
    EXPECT_EQ(f.at("flag"), "");
}

TEST(Form, RejectsMalformedBodies) {
    EXPECT_THROW(frontend::read_form(form_request("a=%zz")), platform::BadRequest);
    EXPECT_THROW(frontend::read_form(form_request("a=%C3%28")), platform::BadRequest);
    auto json = form_request("{}");
    json.raw.set(boost::beast::http::field::content_type, "application/json");
    EXPECT_THROW(frontend::read_form(json), platform::UnsupportedMediaType);
}

TEST(Form, HostileValuesComeOutAsTypedOrAreRefused) {
    auto f = frontend::read_form(form_request("product_id=a%0D%0AX-Api-Key%3A+k&q=%3F%23%2F..&n=%00"));
    EXPECT_EQ(f.at("product_id"), "a\r\nX-Api-Key: k");
    EXPECT_EQ(f.at("q"), "?#/..");
    EXPECT_EQ(f.at("n"), std::string(1, '\0'));
    EXPECT_THROW(frontend::read_form(form_request("a=%FF")), platform::BadRequest);
    EXPECT_THROW(frontend::read_form(form_request("a=%")), platform::BadRequest);
    EXPECT_THROW(frontend::read_form(form_request("a=%4")), platform::BadRequest);
}
