// catalog::check_image on real tiny images built here byte by byte (a 1x1 PNG from its chunks, a
// 1x1 grey baseline JPEG with its Huffman tables, 1x1 lossless and lossy WebP), then on what an
// attacker sends instead: truncations at every length, lies about the type, absurd or zero sizes,
// polyglots (an image with HTML or a ZIP after it), and random bytes. (The PNG, the JPEG and the
// lossless WebP decode in Chromium as 1x1 pictures; the lossy WebP is a valid header only.)
#include "services/catalog/image_check.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

using rapidtrade::catalog::check_image;
using rapidtrade::catalog::image_type_of;
using rapidtrade::catalog::ImageType;

namespace {

std::string be32(std::uint32_t v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}
std::string le32(std::uint32_t v) {
    return {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
}
std::string be16(std::uint32_t v) { return {static_cast<char>(v >> 8), static_cast<char>(v)}; }

std::uint32_t crc32(const std::string& s) {
    std::uint32_t c = 0xFFFFFFFFU;
    for (unsigned char ch : s) {
        c ^= ch;
        for (int k = 0; k < 8; ++k) c = (c & 1) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFU;
}

std::uint32_t adler32(const std::string& s) {
    std::uint32_t a = 1, b = 0;
    for (unsigned char ch : s) {
        a = (a + ch) % 65521;
        b = (b + a) % 65521;
    }
    return b << 16 | a;
}

std::string chunk(const std::string& type, const std::string& data) {
    return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32(type + data));
}

const std::string kSignature("\x89PNG\r\n\x1a\n", 8);

std::string ihdr(std::uint32_t w, std::uint32_t h, char depth = 8, char colour = 2) {
    return chunk("IHDR", be32(w) + be32(h) + std::string{depth, colour, 0, 0, 0});
}

// A real 1x1 RGB PNG: one scanline (filter 0, one red pixel) in a stored zlib block.
std::string png(std::uint32_t w = 1, std::uint32_t h = 1) {
    std::string raw("\x00\xff\x00\x00", 4);
    std::string zlib = std::string("\x78\x01\x01\x04\x00\xfb\xff", 7) + raw + be32(adler32(raw));
    return kSignature + ihdr(w, h) + chunk("IDAT", zlib) + chunk("IEND", "");
}

// A real 1x1 grey baseline JPEG: a quantisation table of ones, one Huffman table for DC and one for
// AC with a single one-bit code each (DC difference 0, end of block), so the scan is the bits 00,
// padded with ones: 0x3F.
std::string jpeg(std::uint32_t w = 1, std::uint32_t h = 1, const std::string& extra = "") {
    auto segment = [](unsigned marker, const std::string& body) {
        return std::string{'\xFF', static_cast<char>(marker)} + be16(static_cast<std::uint32_t>(body.size() + 2)) +
               body;
    };
    std::string dqt = std::string(1, '\0') + std::string(64, '\x01');
    std::string sof = std::string(1, 8) + be16(h) + be16(w) + std::string("\x01\x01\x11\x00", 4);
    std::string counts(16, '\0');
    counts[0] = 1;
    std::string dht_dc = std::string(1, '\x00') + counts + std::string(1, '\x00');
    std::string dht_ac = std::string(1, '\x10') + counts + std::string(1, '\x00');
    std::string sos("\x01\x01\x00\x00\x3f\x00", 6);
    return std::string("\xFF\xD8", 2) + segment(0xE0, std::string("JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00", 14)) +
           extra + segment(0xDB, dqt) + segment(0xC0, sof) + segment(0xC4, dht_dc) + segment(0xC4, dht_ac) +
           segment(0xDA, sos) + std::string("\x3F\xFF\xD9", 3);
}

std::string riff(const std::string& chunks) {
    return "RIFF" + le32(static_cast<std::uint32_t>(4 + chunks.size())) + "WEBP" + chunks;
}
std::string webp_chunk(const std::string& fourcc, const std::string& data) {
    std::string c = fourcc + le32(static_cast<std::uint32_t>(data.size())) + data;
    if (data.size() % 2 == 1) c += '\0';
    return c;
}

// A real 1x1 lossless WebP: the VP8L header (width-1 = height-1 = 0, no alpha, version 0), then no
// transform, no colour cache, no meta codes, and five single-symbol prefix codes (green 0, red 0,
// blue 0, alpha 255, distance 0): one opaque black pixel costs no bits.
std::string vp8l_payload(std::uint32_t w, std::uint32_t h) {
    std::uint32_t bits = (w - 1) | (h - 1) << 14;
    return std::string(1, '\x2F') + le32(bits) + std::string("\x88\x88\xFE\x07", 4);
}
std::string webp_lossless(std::uint32_t w = 1, std::uint32_t h = 1) {
    return riff(webp_chunk("VP8L", vp8l_payload(w, h)));
}

// The header of a lossy key frame (frame tag: key frame, version 0, shown, first partition of
// `partition` bytes), the start code and the 14-bit sizes, then the partition's bytes.
std::string vp8_payload(std::uint32_t w, std::uint32_t h, std::uint32_t partition = 4) {
    std::uint32_t tag = 0x10 | partition << 5;
    std::string p{static_cast<char>(tag),
                  static_cast<char>(tag >> 8),
                  static_cast<char>(tag >> 16),
                  '\x9d',
                  '\x01',
                  '\x2a',
                  static_cast<char>(w),
                  static_cast<char>(w >> 8),
                  static_cast<char>(h),
                  static_cast<char>(h >> 8)};
    return p + std::string(partition, '\x00');
}
std::string webp_lossy(std::uint32_t w = 1, std::uint32_t h = 1) { return riff(webp_chunk("VP8 ", vp8_payload(w, h))); }

std::string vp8x(std::uint32_t w, std::uint32_t h, char flags = 0) {
    std::string p{flags,
                  0,
                  0,
                  0,
                  static_cast<char>(w - 1),
                  static_cast<char>((w - 1) >> 8),
                  static_cast<char>((w - 1) >> 16),
                  static_cast<char>(h - 1),
                  static_cast<char>((h - 1) >> 8),
                  static_cast<char>((h - 1) >> 16)};
    return webp_chunk("VP8X", p);
}

void expect_ok(const std::string& bytes, ImageType type, std::uint32_t w, std::uint32_t h) {
    auto r = check_image(bytes, type);
    ASSERT_TRUE(r.info) << r.problem->in(rapidtrade::platform::i18n::Language::en);
    EXPECT_EQ(r.info->type, type);
    EXPECT_EQ(r.info->width, w);
    EXPECT_EQ(r.info->height, h);
}

void expect_refused(const std::string& bytes, ImageType type, const std::string& why) {
    auto r = check_image(bytes, type);
    EXPECT_FALSE(r.info) << "accepted: " << why;
    ASSERT_TRUE(r.problem);
    if (!r.info) {
        auto english = r.problem->in(rapidtrade::platform::i18n::Language::en);
        EXPECT_NE(english.find(why), std::string::npos) << english;
    }
}

}  // namespace

TEST(ImageCheck, MediaTypes) {
    EXPECT_EQ(image_type_of("image/png"), ImageType::png);
    EXPECT_EQ(image_type_of("IMAGE/JPEG; charset=binary"), ImageType::jpeg);
    EXPECT_EQ(image_type_of(" image/webp "), ImageType::webp);
    for (const char* other : {"", "image/jpg", "image/gif", "image/svg+xml", "text/html", "image/png2", "image/"})
        EXPECT_FALSE(image_type_of(other)) << other;
}

TEST(ImageCheck, AcceptsRealTinyImages) {
    expect_ok(png(), ImageType::png, 1, 1);
    expect_ok(png(640, 480), ImageType::png, 640, 480);
    expect_ok(jpeg(), ImageType::jpeg, 1, 1);
    expect_ok(jpeg(1200, 800), ImageType::jpeg, 1200, 800);
    expect_ok(webp_lossless(), ImageType::webp, 1, 1);
    expect_ok(webp_lossless(10000, 5000), ImageType::webp, 10000, 5000);
    expect_ok(webp_lossy(), ImageType::webp, 1, 1);
    expect_ok(riff(vp8x(3, 2) + webp_chunk("EXIF", "abc") + webp_chunk("VP8L", vp8l_payload(3, 2))), ImageType::webp, 3,
              2);
    // Metadata and fill bytes a camera writes.
    expect_ok(jpeg(4, 4, std::string("\xFF\xFE\x00\x05hi!", 7)), ImageType::jpeg, 4, 4);
}

TEST(ImageCheck, DimensionLimits) {
    expect_ok(png(10000, 1), ImageType::png, 10000, 1);
    expect_refused(png(10001, 1), ImageType::png, "each side");
    expect_refused(png(1, 0x7FFFFFFF), ImageType::png, "each side");
    expect_refused(png(0, 1), ImageType::png, "no pixels");
    expect_refused(png(1, 0), ImageType::png, "no pixels");
    expect_refused(png(10000, 10000), ImageType::png, "at most 50000000");
    expect_refused(jpeg(0, 10), ImageType::jpeg, "no pixels");  // height 0: defined later by DNL, refused
    expect_refused(jpeg(65535, 65535), ImageType::jpeg, "each side");
    expect_refused(webp_lossless(16384, 1), ImageType::webp, "each side");
    expect_refused(webp_lossy(0, 5), ImageType::webp, "no pixels");
    expect_refused(riff(vp8x(20000, 2) + webp_chunk("VP8L", vp8l_payload(20000 & 0x3FFF, 2))), ImageType::webp,
                   "different sizes");
}

TEST(ImageCheck, RefusesEveryTruncation) {
    for (const auto& [bytes, type] :
         {std::pair{png(), ImageType::png}, std::pair{jpeg(), ImageType::jpeg},
          std::pair{webp_lossless(), ImageType::webp}, std::pair{webp_lossy(), ImageType::webp}}) {
        for (std::size_t n = 0; n < bytes.size(); ++n)
            EXPECT_FALSE(check_image(bytes.substr(0, n), type).info)
                << "accepted the first " << n << " of " << bytes.size();
    }
}

TEST(ImageCheck, RefusesTypesThatLie) {
    expect_refused(png(), ImageType::jpeg, "is a PNG, not the JPEG");
    expect_refused(jpeg(), ImageType::png, "is a JPEG, not the PNG");
    expect_refused(webp_lossless(), ImageType::png, "is a WebP, not the PNG");
    expect_refused(png(), ImageType::webp, "is a PNG, not the WebP");
    expect_refused("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", ImageType::png,
                   "PNG signature");
    expect_refused("GIF89a\x01\x00\x01\x00", ImageType::jpeg, "start-of-image");
    expect_refused("", ImageType::webp, "RIFF WEBP");
}

TEST(ImageCheck, RefusesPolyglots) {
    const std::string html = "<html><script>alert(document.cookie)</script></html>";
    const std::string zip("PK\x03\x04\x14\x00\x00\x00", 8);
    expect_refused(png() + html, ImageType::png, "after the end of the PNG");
    expect_refused(png() + zip, ImageType::png, "after the end of the PNG");
    expect_refused(jpeg() + html, ImageType::jpeg, "after the end of the JPEG");
    expect_refused(webp_lossless() + html, ImageType::webp, "RIFF size");
    // The RIFF size made to cover the HTML too: a chunk after a simple WebP's only image.
    expect_refused(riff(webp_chunk("VP8L", vp8l_payload(1, 1)) + webp_chunk("HTML", html)), ImageType::webp,
                   "one image chunk");
    // A PNG that is also a JPEG (or the reverse) cannot pass: each must begin with its own signature.
    expect_refused(png() + jpeg(), ImageType::jpeg, "is a PNG");
    expect_refused(jpeg() + png(), ImageType::jpeg, "after the end of the JPEG");
    // HTML inside an ancillary chunk is the image's own business: served as image/png with nosniff.
    auto with_text = png();
    with_text.insert(with_text.size() - 12, chunk("tEXt", "Comment\0" + html));
    expect_ok(with_text, ImageType::png, 1, 1);
}

TEST(ImageCheck, RefusesMalformedPngs) {
    auto bad_crc = png();
    bad_crc[kSignature.size() + 8 + 13] ^= 1;  // a byte of the IHDR CRC
    expect_refused(bad_crc, ImageType::png, "CRC");
    expect_refused(kSignature + chunk("IDAT", "x") + ihdr(1, 1) + chunk("IEND", ""), ImageType::png, "IHDR");
    expect_refused(kSignature + ihdr(1, 1) + chunk("IEND", ""), ImageType::png, "no image data");
    expect_refused(kSignature + ihdr(1, 1) + ihdr(1, 1) + chunk("IDAT", "x") + chunk("IEND", ""), ImageType::png,
                   "two IHDR");
    expect_refused(kSignature + ihdr(1, 1, 3, 2) + chunk("IDAT", "x") + chunk("IEND", ""), ImageType::png, "bit depth");
    expect_refused(kSignature + ihdr(1, 1, 8, 3) + chunk("IDAT", "x") + chunk("IEND", ""), ImageType::png, "no PLTE");
    expect_refused(
        kSignature + ihdr(1, 1) + chunk("IDAT", "x") + chunk("tEXt", "a") + chunk("IDAT", "y") + chunk("IEND", ""),
        ImageType::png, "one run");
    expect_refused(kSignature + ihdr(1, 1) + chunk("IDAT", "x") + chunk("EVIL", "") + chunk("IEND", ""), ImageType::png,
                   "unknown critical");
    expect_refused(kSignature + ihdr(1, 1) + chunk("IDAT", "x") + chunk("IEND", "z"), ImageType::png, "IEND");
    // A chunk length of 2^31 and more, and one past the end.
    expect_refused(kSignature + ihdr(1, 1) + be32(0xFFFFFFF0U) + "IDAT" + std::string(8, 'x'), ImageType::png,
                   "longer than");
}

TEST(ImageCheck, RefusesMalformedJpegs) {
    auto j = jpeg();
    expect_refused(std::string("\xFF\xD8\xFF\xD9", 4), ImageType::jpeg, "before its frame");
    auto no_eoi = j.substr(0, j.size() - 2);
    expect_refused(no_eoi, ImageType::jpeg, "truncated");
    // A segment length that runs past the end, and one below 2.
    expect_refused(std::string("\xFF\xD8\xFF\xE0\xFF\xFF", 6) + std::string(10, 'a'), ImageType::jpeg, "longer than");
    expect_refused(std::string("\xFF\xD8\xFF\xE0\x00\x01", 6) + std::string(10, 'a'), ImageType::jpeg, "longer than");
    // Two frames; a scan with no frame; a reserved marker.
    auto sof = std::string("\xFF\xC0\x00\x0B\x08\x00\x01\x00\x01\x01\x01\x11\x00", 13);
    expect_refused(jpeg(1, 1, sof), ImageType::jpeg, "more than one frame");
    expect_refused(std::string("\xFF\xD8\xFF\xDA\x00\x08\x01\x01\x00\x00\x3f\x00\x3F\xFF\xD9", 15), ImageType::jpeg,
                   "scan before");
    expect_refused(jpeg(1, 1, std::string("\xFF\x02", 2)), ImageType::jpeg, "reserved");
    expect_refused(jpeg(1, 1, std::string("junk", 4)), ImageType::jpeg, "between its segments");
}

TEST(ImageCheck, RefusesMalformedWebps) {
    expect_refused(riff(webp_chunk("VP8X", std::string(10, '\0'))), ImageType::webp, "exactly one image");
    expect_refused(riff(vp8x(1, 1, 0x02) + webp_chunk("VP8L", vp8l_payload(1, 1))), ImageType::webp, "animated");
    expect_refused(riff(vp8x(1, 1) + webp_chunk("VP8L", vp8l_payload(1, 1)) + webp_chunk("VP8L", vp8l_payload(1, 1))),
                   ImageType::webp, "exactly one image");
    auto bad_signature = vp8l_payload(1, 1);
    bad_signature[0] = '\x2E';
    expect_refused(riff(webp_chunk("VP8L", bad_signature)), ImageType::webp, "VP8L header");
    auto not_key = vp8_payload(1, 1);
    not_key[0] |= 1;
    expect_refused(riff(webp_chunk("VP8 ", not_key)), ImageType::webp, "VP8  header");
    auto partition_too_long = vp8_payload(1, 1, 4);
    partition_too_long[0] = static_cast<char>(0x10 | (9 << 5));  // says 9 bytes, carries 4
    partition_too_long[1] = static_cast<char>((9 << 5) >> 8);
    expect_refused(riff(webp_chunk("VP8 ", partition_too_long)), ImageType::webp, "VP8  header");
    expect_refused(riff(webp_chunk("ALPH", "x")), ImageType::webp, "no VP8");
    auto lying_size = webp_lossless();
    lying_size[4] = '\x7F';
    expect_refused(lying_size, ImageType::webp, "RIFF size");
    // A chunk size past the end (the RIFF size agreeing with the real length).
    expect_refused(riff("VP8L" + le32(0xFFFFFFF0U) + "\x2F"), ImageType::webp, "longer than");
}

TEST(ImageCheck, RandomBytesNeverPassAndNeverCrash) {
    std::mt19937 rng(20261202);
    int accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string bytes(rng() % 200, '\0');
        for (auto& c : bytes) c = static_cast<char>(rng());
        // Half of them wear a real signature, so the walkers behind it get exercised.
        if (i % 4 == 1) bytes = kSignature + bytes;
        if (i % 4 == 2) bytes = std::string("\xFF\xD8", 2) + bytes;
        if (i % 4 == 3) bytes = riff(bytes);
        for (auto t : {ImageType::png, ImageType::jpeg, ImageType::webp})
            accepted += check_image(bytes, t).info ? 1 : 0;
    }
    EXPECT_EQ(accepted, 0);
    // Random flips in real images: whatever passes still has sane dimensions.
    for (int i = 0; i < 20000; ++i) {
        auto pick = i % 3;
        std::string bytes = pick == 0 ? png() : pick == 1 ? jpeg() : webp_lossless();
        bytes[rng() % bytes.size()] = static_cast<char>(rng());
        auto type = pick == 0 ? ImageType::png : pick == 1 ? ImageType::jpeg : ImageType::webp;
        if (auto r = check_image(bytes, type); r.info) {
            EXPECT_GE(r.info->width, 1U);
            EXPECT_LE(r.info->width, 10000U);
            EXPECT_GE(r.info->height, 1U);
            EXPECT_LE(r.info->height, 10000U);
        }
    }
}
