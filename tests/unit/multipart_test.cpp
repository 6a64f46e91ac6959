// multipart/form-data as Chromium sends a form with a file, and hostile bodies: every one is a 4xx
// (BadRequest or UnsupportedMediaType) naming what is wrong, never a crash nor a guess.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/errors.hpp"
#include "platform/http/multipart.hpp"

using namespace rapidtrade;
using platform::http::multipart_boundary;
using platform::http::multipart_decode;
using namespace std::string_literals;

namespace {

const std::string kBoundary = "----WebKitFormBoundaryX3b9Qe2ZrKpL0aWm";
const std::string kCrlf = "\r\n";

// One part as a browser writes it.
std::string part(const std::string& disposition, const std::string& body, const std::string& type = "") {
    std::string out = "--" + kBoundary + kCrlf + "Content-Disposition: " + disposition + kCrlf;
    if (!type.empty()) out += "Content-Type: " + type + kCrlf;
    return out + kCrlf + body + kCrlf;
}
std::string closing() { return "--" + kBoundary + "--" + kCrlf; }

// The 400's field and message, or "" when nothing is thrown.
std::string refusal(const std::string& body, platform::http::MultipartLimits limits = {}) {
    try {
        multipart_decode(body, kBoundary, limits);
    } catch (const platform::BadRequest& e) {
        return e.errors().at(0).field + ": " + e.errors().at(0).message.in(platform::i18n::Language::en);
    }
    return "";
}

}  // namespace

TEST(Multipart, ReadsTheBoundaryOfAFormWithAFile) {
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + kBoundary), kBoundary);
    EXPECT_EQ(multipart_boundary("Multipart/Form-Data;BOUNDARY=\"a b'()+_,-./:=?\""), "a b'()+_,-./:=?");
    EXPECT_EQ(multipart_boundary("multipart/form-data; charset=utf-8; boundary=xyz"), "xyz");
    EXPECT_EQ(multipart_boundary(" multipart/form-data ; boundary=\"q\\x\""), "qx") << "a quoted-pair is one character";
}

TEST(Multipart, RefusesAnotherTypeWith415AndABadBoundaryWith400) {
    EXPECT_THROW(multipart_boundary("application/x-www-form-urlencoded"), platform::UnsupportedMediaType);
    EXPECT_THROW(multipart_boundary("multipart/mixed; boundary=x"), platform::UnsupportedMediaType);
    EXPECT_THROW(multipart_boundary(""), platform::UnsupportedMediaType);
    EXPECT_THROW(multipart_boundary("multipart/form-datax; boundary=x"), platform::UnsupportedMediaType);
    for (const std::string bad : {
             "multipart/form-data",                                  // no boundary
             "multipart/form-data; boundary=",                       // empty
             "multipart/form-data; boundary=\"\"",                   // empty, quoted
             "multipart/form-data; boundary=\"abc",                  // unterminated quote
             "multipart/form-data; boundary=\"a\r\nX-Injected: 1\"",  // CR LF
             "multipart/form-data; boundary=\"a\\",                  // escape at the end
             "multipart/form-data; boundary=\"ends with space \"",   // RFC 2046: not last
             "multipart/form-data; boundary=\"semi;colon\"",         // not a bchar
             "multipart/form-data; boundary=a; boundary=b",          // twice
             "multipart/form-data; boundary",                        // no '='
             "multipart/form-data boundary=x",                       // no ';'
             "multipart/form-data; =x",                              // no name
         }) {
        EXPECT_THROW(multipart_boundary(bad), platform::BadRequest) << bad;
    }
    EXPECT_THROW(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')), platform::BadRequest);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + std::string(70, 'a')).size(), 70u);
}

TEST(Multipart, DecodesWhatChromiumSends) {
    // The photo's bytes hold CR, LF, NUL and dashes: only CRLF + the delimiter ends a part.
    std::string png = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR--"s + kBoundary.substr(0, 10) + "\r\n--x\r\n-";
    std::string body = part("form-data; name=\"csrf\"", "tok-123") +
                       part("form-data; name=\"photo\"; filename=\"../../x.png\"", png, "image/png") + closing();
    auto parts = multipart_decode(body, kBoundary);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].name, "csrf");
    EXPECT_EQ(parts[0].body, "tok-123");
    EXPECT_FALSE(parts[0].filename);
    EXPECT_EQ(parts[0].content_type, "");
    EXPECT_EQ(parts[1].name, "photo");
    EXPECT_EQ(parts[1].filename, "../../x.png") << "kept as sent: a name to show, never a path";
    EXPECT_EQ(parts[1].content_type, "image/png");
    EXPECT_EQ(parts[1].body, png);
}

TEST(Multipart, AcceptsTheSmallVariationsOfRealClients) {
    // No CRLF after the closing delimiter (curl), header names in any case, a UTF-8 file name, an
    // empty file (no file chosen), unknown headers and parameters ignored.
    std::string body = "--" + kBoundary + kCrlf + "content-disposition: FORM-DATA; Name=\"n\"; x-extra=1" + kCrlf +
                       "X-Whatever: yes" + kCrlf + kCrlf + "v" + kCrlf +
                       part("form-data; name=\"photo\"; filename=\"Canapé été.png\"", "", "application/octet-stream") +
                       "--" + kBoundary + "--";
    auto parts = multipart_decode(body, kBoundary);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].name, "n");
    EXPECT_EQ(parts[0].body, "v");
    EXPECT_EQ(parts[1].filename, "Canapé été.png");
    EXPECT_EQ(parts[1].body, "");
    EXPECT_TRUE(multipart_decode("--" + kBoundary + "--", kBoundary).empty()) << "a form without fields";
}

TEST(Multipart, RefusesABodyWithoutItsDelimiters) {
    EXPECT_NE(refusal(""), "");
    EXPECT_NE(refusal("preamble\r\n" + part("form-data; name=\"a\"", "1") + closing()), "") << "no preamble";
    EXPECT_EQ(refusal(part("form-data; name=\"a\"", "1")), "body: the body ends before its closing boundary");
    EXPECT_NE(refusal(part("form-data; name=\"a\"", "1").substr(0, 60)), "") << "cut inside the headers";
    EXPECT_EQ(refusal(part("form-data; name=\"a\"", "1") + "--" + kBoundary), "body: a boundary line is not ended by CRLF");
    EXPECT_EQ(refusal(part("form-data; name=\"a\"", "1") + closing() + "epilogue"),
              "body: there are bytes after the closing boundary");
    EXPECT_EQ(refusal("--" + kBoundary + "XYZ" + kCrlf), "body: a boundary line is not ended by CRLF");
    // A longer boundary that starts with ours is not ours.
    EXPECT_NE(refusal(part("form-data; name=\"a\"", "1") + "--" + kBoundary + "0--"), "");
    EXPECT_THROW(multipart_decode("--" + kBoundary + "--", ""), platform::BadRequest);
}

TEST(Multipart, RefusesHeaderInjectionAndMalformedHeaders) {
    const std::string start = "--" + kBoundary + kCrlf;
    const std::string end = kCrlf + "x" + kCrlf + closing();
    const std::vector<std::string> cases = {
             "Content-Disposition: form-data; name=\"a\"\nX-Injected: 1\r\n",        // bare LF
             "Content-Disposition: form-data; name=\"a\"\rX-Injected: 1\r\n",        // bare CR
             "Content-Disposition: form-data;\r\n name=\"a\"\r\n",                    // folded
             "Content-Disposition: form-data; name=\"a\0b\"\r\n"s,                    // NUL
             "Content-Disposition: form-data; name=\"a\x7f\"\r\n",                    // DEL
             "Content-Disposition: form-data; name=\"a\tb\"\r\n",                     // tab in a name
             "Content-Disposition: form-data; name=\"a\"; filename=\"x\x01.png\"\r\n",  // control in a file name
             "Content-Disposition form-data; name=\"a\"\r\n",                         // no colon
             "Bad Name: x\r\nContent-Disposition: form-data; name=\"a\"\r\n",         // not a token
             ": x\r\nContent-Disposition: form-data; name=\"a\"\r\n",                 // empty name
             "Content-Disposition: attachment; name=\"a\"\r\n",                       // not form-data
             "Content-Disposition: form-data\r\n",                                    // no name
             "Content-Disposition: form-data; name=\"\"\r\n",                         // empty name
             "Content-Disposition: form-data; name=\"a\r\n",                          // unterminated quote
             "Content-Disposition: form-data; name=\"a\"; name=\"b\"\r\n",            // name twice
             "Content-Disposition: form-data; name=\"a\"junk\r\n",                    // junk after a value
             "Content-Disposition: form-data; name=\"a\"\r\nContent-Disposition: form-data; name=\"b\"\r\n",
             "Content-Disposition: form-data; name=\"a\"\r\nContent-Type: a\r\nContent-Type: b\r\n",
             "Content-Disposition: form-data; name=\"a\"\r\nContent-Transfer-Encoding: base64\r\n",
             "Content-Disposition: form-data; name=\"\xC3\x28\"\r\n",                 // not UTF-8
             "Content-Type: text/plain\r\n",                                          // no disposition
             "",                                                                      // no headers at all
    };
    for (const auto& headers : cases) {
        std::string body = start + headers + end;
        EXPECT_NE(refusal(body), "") << "headers: " << headers;
    }
}

TEST(Multipart, RefusesAHugeHeaderBlockWithoutScanningTheBody) {
    // Headers that never end, in front of megabytes: refused at the limit.
    std::string body = "--" + kBoundary + kCrlf + "Content-Disposition: form-data; name=\"a\"" + kCrlf + "X-Pad: " +
                       std::string(8 << 20, 'a');
    EXPECT_EQ(refusal(body), "body: a part's headers are larger than 2048 bytes");
    // Just under the limit is fine; one byte over is not.
    platform::http::MultipartLimits limits;
    std::string disposition = "Content-Disposition: form-data; name=\"a\"" + kCrlf;
    std::string pad = "X-Pad: ";
    pad += std::string(limits.max_header_bytes - disposition.size() - pad.size() - 4, 'p');
    std::string exact = "--" + kBoundary + kCrlf + disposition + pad + kCrlf + kCrlf + "v" + kCrlf + closing();
    EXPECT_EQ(refusal(exact), "");
    std::string over = "--" + kBoundary + kCrlf + disposition + pad + "p" + kCrlf + kCrlf + "v" + kCrlf + closing();
    EXPECT_EQ(refusal(over), "body: a part's headers are larger than 2048 bytes");
    EXPECT_EQ(refusal("--" + kBoundary + kCrlf + disposition + "v"), "body: a part's headers are not ended by a blank line");
}

TEST(Multipart, RefusesDuplicateNamesAndTooManyParts) {
    EXPECT_EQ(refusal(part("form-data; name=\"csrf\"", "a") + part("form-data; name=\"csrf\"", "b") + closing()),
              "body: the field 'csrf' is given twice");
    std::string many;
    for (int i = 0; i < 17; ++i) many += part("form-data; name=\"f" + std::to_string(i) + "\"", "x");
    EXPECT_EQ(refusal(many + closing()), "body: the form has more than 16 parts");
    platform::http::MultipartLimits two;
    two.max_parts = 2;
    EXPECT_EQ(refusal(part("form-data; name=\"a\"", "1") + part("form-data; name=\"b\"", "2") + closing(), two), "");
}
