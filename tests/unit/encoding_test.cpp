// The shared encoders of platform/: Base64 for MIME, Base64url for tokens, SHA-256 hex, HTML forms.
#include <cstdio>

#include <gtest/gtest.h>

#include "platform/encoding.hpp"
#include "platform/errors.hpp"
#include "platform/http/form.hpp"

namespace platform = rapidtrade::platform;
using platform::http::form_decode;
using platform::http::form_encode;
using platform::http::FormFields;

TEST(Base64, PadsAsMimeExpects) {
    EXPECT_EQ(platform::base64_encode(""), "");
    EXPECT_EQ(platform::base64_encode("f"), "Zg==");
    EXPECT_EQ(platform::base64_encode("fo"), "Zm8=");
    EXPECT_EQ(platform::base64_encode("foo"), "Zm9v");
    EXPECT_EQ(platform::base64_encode("\xfb\xff"), "+/8=");  // the standard alphabet, not the URL one
}

TEST(Base64, RoundTripsEveryByteAndRefusesWhatItDidNotWrite) {
    std::string bytes;
    for (int i = 0; i < 300; ++i) {
        EXPECT_EQ(platform::base64_decode(platform::base64_encode(bytes)), bytes);
        bytes += static_cast<char>(i * 37);
    }
    EXPECT_EQ(platform::base64_decode("AP8A"), std::string("\0\xff\0", 3));  // NUL bytes survive
    EXPECT_FALSE(platform::base64_decode("Zg"));      // padding is required
    EXPECT_FALSE(platform::base64_decode("Zh=="));    // unused bits set: not canonical
    EXPECT_FALSE(platform::base64_decode("Zm9v!"));
    EXPECT_FALSE(platform::base64_decode("-_8="));    // the URL alphabet
}

TEST(Base64Url, RoundTripsEveryLengthAndRefusesOtherAlphabets) {
    std::string bytes;
    for (int i = 0; i < 40; ++i) {
        auto encoded = platform::base64url_encode(bytes);
        EXPECT_EQ(encoded.find_first_of("+/="), std::string::npos);
        EXPECT_EQ(platform::base64url_decode(encoded), bytes);
        bytes += static_cast<char>(i * 37);
    }
    EXPECT_FALSE(platform::base64url_decode("Zg=="));  // padding is not part of this spelling
    EXPECT_FALSE(platform::base64url_decode("a+b/"));
    EXPECT_FALSE(platform::base64url_decode("Zm9v\n"));
    EXPECT_FALSE(platform::base64url_decode(std::string("Zm\0v", 4)));
}

TEST(Sha256, HexOfTheKnownVector) {
    EXPECT_EQ(platform::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(FormBody, EncodesWhatTheDecoderGivesBack) {
    FormFields fields{{"csrf", "a+b/c=="}, {"name", "Zoé & Léo"}, {"q", "100% =?#"}, {"empty", ""}};
    auto body = form_encode(fields);
    EXPECT_EQ(body.find(' '), std::string::npos);
    EXPECT_NE(body.find("name=Zo%C3%A9+%26+L%C3%A9o"), std::string::npos) << body;
    EXPECT_EQ(form_decode(body), fields);
}

TEST(FormBody, DecodesPlusAsSpaceAndRefusesWhatIsNotAForm) {
    EXPECT_EQ(form_decode("a=b+c&&d"), (FormFields{{"a", "b c"}, {"d", ""}}));
    EXPECT_EQ(form_decode("k=%2B%26"), (FormFields{{"k", "+&"}}));
    EXPECT_THROW(form_decode("a=%zz"), platform::BadRequest);
    EXPECT_THROW(form_decode("a=%C3%28"), platform::BadRequest);  // decodes to invalid UTF-8
}

namespace {
std::string hex64(std::uint64_t value) {
    std::string out;
    platform::append_hex64(out, value);
    return out;
}
}  // namespace

TEST(Hex64, SixteenLowerCaseDigitsMostSignificantFirstAsPrintfWrites) {
    EXPECT_EQ(hex64(0), "0000000000000000");
    EXPECT_EQ(hex64(0x0123456789abcdefULL), "0123456789abcdef");
    EXPECT_EQ(hex64(~0ULL), "ffffffffffffffff");
    std::uint64_t v = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < 1000; ++i, v = v * 6364136223846793005ULL + 1442695040888963407ULL) {
        char expected[17];
        std::snprintf(expected, sizeof expected, "%016llx", static_cast<unsigned long long>(v));
        EXPECT_EQ(hex64(v), expected);
    }
}

TEST(Hex64, AppendedAfterWhatIsThere) {
    std::string out = "id-";
    platform::append_hex64(out, 0x0123456789abcdefULL);
    platform::append_hex64(out, 0xfedcba9876543210ULL);
    EXPECT_EQ(out, "id-0123456789abcdeffedcba9876543210");
}
