#include "services/catalog/image_check.hpp"

#include <array>
#include <cstring>

namespace rapidtrade::catalog {

using platform::Msg;
namespace {

// Every read goes through these, after the caller checked that the bytes are there.
std::uint32_t be16(std::string_view b, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 8 | static_cast<unsigned char>(b[at + 1]);
}
std::uint32_t be32(std::string_view b, std::size_t at) { return be16(b, at) << 16 | be16(b, at + 2); }
std::uint32_t le16(std::string_view b, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 | static_cast<unsigned char>(b[at]);
}
std::uint32_t le24(std::string_view b, std::size_t at) {
    return le16(b, at) | static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16;
}
std::uint32_t le32(std::string_view b, std::size_t at) { return le16(b, at) | le16(b, at + 2) << 16; }
unsigned char byte(std::string_view b, std::size_t at) { return static_cast<unsigned char>(b[at]); }

ImageCheck refuse(Msg problem) { return {std::nullopt, std::move(problem)}; }

ImageCheck sized(ImageType type, std::uint32_t width, std::uint32_t height) {
    if (width == 0 || height == 0) return refuse(Msg("api.image.no_pixels"));
    if (width > kMaxImageSide || height > kMaxImageSide)
        return refuse(Msg("api.image.side_too_large", {{"width", std::to_string(width)},
                                                        {"height", std::to_string(height)},
                                                        {"max", std::to_string(kMaxImageSide)}}));
    if (static_cast<std::uint64_t>(width) * height > kMaxImagePixels)
        return refuse(Msg("api.image.too_many_pixels",
                          {{"pixels", std::to_string(static_cast<std::uint64_t>(width) * height)},
                           {"max", std::to_string(kMaxImagePixels)}}));
    return {ImageInfo{type, width, height}, {}};
}

// ---------------------------------------------------------------------------- PNG (RFC 2083, ISO 15948)

constexpr std::string_view kPngSignature{"\x89PNG\r\n\x1a\n", 8};

constexpr std::array<std::uint32_t, 256> kCrcTable = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 8; ++k) c = (c & 1) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
        t[n] = c;
    }
    return t;
}();

std::uint32_t crc32(std::string_view bytes) {
    std::uint32_t c = 0xFFFFFFFFU;
    for (char ch : bytes) c = kCrcTable[(c ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFU;
}

bool is_letter(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// The colour types and the bit depths each allows (the table of ISO 15948 11.2.2).
bool valid_depth(unsigned colour, unsigned depth) {
    switch (colour) {
        case 0:
            return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
        case 3:
            return depth == 1 || depth == 2 || depth == 4 || depth == 8;
        case 2:
        case 4:
        case 6:
            return depth == 8 || depth == 16;
        default:
            return false;
    }
}

ImageCheck check_png(std::string_view b) {
    if (b.size() < kPngSignature.size() || b.substr(0, kPngSignature.size()) != kPngSignature)
        return refuse(Msg("api.image.png_signature"));
    std::size_t pos = kPngSignature.size();
    std::uint32_t width = 0, height = 0;
    unsigned colour = 0;
    bool header = false, palette = false, data = false, data_ended = false;
    for (;;) {
        if (b.size() - pos < 12) return refuse(Msg("api.image.png_truncated"));
        std::uint32_t length = be32(b, pos);
        if (length > 0x7FFFFFFFU || length > b.size() - pos - 12)
            return refuse(Msg("api.image.png_chunk_too_long"));
        auto type = b.substr(pos + 4, 4);
        for (char c : type)
            if (!is_letter(static_cast<unsigned char>(c))) return refuse(Msg("api.image.png_chunk_type"));
        auto body = b.substr(pos + 8, length);
        if (crc32(b.substr(pos + 4, 4 + length)) != be32(b, pos + 8 + length))
            return refuse(Msg("api.image.png_crc", {{"chunk", std::string(type)}}));
        pos += 12 + length;
        if (!header && type != "IHDR") return refuse(Msg("api.image.png_no_ihdr_first"));
        if (data && type != "IDAT") data_ended = true;
        if (type == "IHDR") {
            if (header) return refuse(Msg("api.image.png_two_ihdr"));
            if (length != 13) return refuse(Msg("api.image.png_ihdr_length"));
            header = true;
            width = be32(body, 0);
            height = be32(body, 4);
            unsigned depth = byte(body, 8);
            colour = byte(body, 9);
            if (!valid_depth(colour, depth)) return refuse(Msg("api.image.png_colour_depth"));
            if (byte(body, 10) != 0 || byte(body, 11) != 0 || byte(body, 12) > 1)
                return refuse(Msg("api.image.png_method"));
        } else if (type == "PLTE") {
            if (palette || data || length == 0 || length % 3 != 0 || length > 256 * 3)
                return refuse(Msg("api.image.png_palette"));
            if (colour == 0 || colour == 4) return refuse(Msg("api.image.png_grey_palette"));
            palette = true;
        } else if (type == "IDAT") {
            if (data_ended) return refuse(Msg("api.image.png_idat_run"));
            data = true;
        } else if (type == "IEND") {
            if (length != 0) return refuse(Msg("api.image.png_iend_not_empty"));
            if (pos != b.size()) return refuse(Msg("api.image.png_bytes_after"));
            break;
        } else if (!is_letter(static_cast<unsigned char>(type[0])) || (type[0] >= 'A' && type[0] <= 'Z')) {
            // A critical chunk this checker does not know: a decoder must refuse the file.
            return refuse(Msg("api.image.png_unknown_chunk", {{"chunk", std::string(type)}}));
        }
    }
    if (!data) return refuse(Msg("api.image.png_no_idat"));
    if (colour == 3 && !palette) return refuse(Msg("api.image.png_no_plte"));
    // PNG allows up to 2^31-1 per side: the limits below are ours.
    return sized(ImageType::png, width, height);
}

// ---------------------------------------------------------------------------- JPEG (ITU T.81, JFIF)

bool is_frame_marker(unsigned m) {  // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

// From `pos`, just after a scan's header, to the marker that ends its entropy-coded data: there,
// 0xFF is followed by 0x00 (a stuffed byte) or a restart marker; anything else is the next marker.
std::optional<std::size_t> end_of_scan(std::string_view b, std::size_t pos) {
    for (;;) {
        auto ff = b.find('\xFF', pos);
        if (ff == std::string_view::npos || ff + 1 >= b.size()) return std::nullopt;
        unsigned next = byte(b, ff + 1);
        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
            pos = ff + 2;
            continue;
        }
        return ff;
    }
}

ImageCheck check_jpeg(std::string_view b) {
    if (b.size() < 4 || byte(b, 0) != 0xFF || byte(b, 1) != 0xD8)
        return refuse(Msg("api.image.jpeg_signature"));
    std::size_t pos = 2;
    bool frame = false, scan = false;
    std::uint32_t width = 0, height = 0;
    for (;;) {
        if (pos >= b.size()) return refuse(Msg("api.image.jpeg_truncated"));
        if (byte(b, pos) != 0xFF) return refuse(Msg("api.image.jpeg_bytes_between"));
        while (pos < b.size() && byte(b, pos) == 0xFF) ++pos;  // fill bytes before a marker
        if (pos >= b.size()) return refuse(Msg("api.image.jpeg_truncated"));
        unsigned marker = byte(b, pos++);
        if (marker == 0xD9) {  // EOI
            if (!frame || !scan) return refuse(Msg("api.image.jpeg_ends_early"));
            if (pos != b.size()) return refuse(Msg("api.image.jpeg_bytes_after"));
            break;
        }
        if (marker == 0x01) continue;  // TEM, no length
        if (marker == 0x00 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker < 0xC0)
            return refuse(Msg("api.image.jpeg_marker", {{"marker", std::string("0xFF") + "0123456789ABCDEF"[marker >> 4] +
                                                                          "0123456789ABCDEF"[marker & 15]}}));
        if (b.size() - pos < 2) return refuse(Msg("api.image.jpeg_truncated_segment"));
        std::uint32_t length = be16(b, pos);
        if (length < 2 || length > b.size() - pos)
            return refuse(Msg("api.image.jpeg_segment_too_long"));
        auto body = b.substr(pos + 2, length - 2);
        pos += length;
        if (is_frame_marker(marker)) {
            if (frame) return refuse(Msg("api.image.jpeg_two_frames"));
            if (body.size() < 6) return refuse(Msg("api.image.jpeg_frame_short"));
            unsigned precision = byte(body, 0), components = byte(body, 5);
            if (precision != 8 && precision != 12 && precision != 16)
                return refuse(Msg("api.image.jpeg_precision"));
            if (components < 1 || components > 4 || body.size() != 6 + 3 * components)
                return refuse(Msg("api.image.jpeg_frame_malformed"));
            height = be16(body, 1);
            width = be16(body, 3);
            frame = true;
        } else if (marker == 0xDA) {  // SOS, then the entropy-coded data
            if (!frame) return refuse(Msg("api.image.jpeg_scan_first"));
            unsigned count = body.empty() ? 0 : byte(body, 0);
            if (count < 1 || count > 4 || body.size() != 1 + 2 * count + 3)
                return refuse(Msg("api.image.jpeg_scan_malformed"));
            auto end = end_of_scan(b, pos);
            if (!end) return refuse(Msg("api.image.jpeg_truncated_data"));
            pos = *end;
            scan = true;
        }
        // Every other segment (tables, APPn metadata, comments) is skipped by its length.
    }
    return sized(ImageType::jpeg, width, height);
}

// ---------------------------------------------------------------------------- WebP (RFC 9649)

struct Size {
    std::uint32_t width, height;
};

// A lossy key frame (RFC 6386 9.1): the frame tag, the start code, 14-bit width and height.
std::optional<Size> vp8_size(std::string_view p) {
    if (p.size() < 10) return std::nullopt;
    std::uint32_t tag = le24(p, 0);
    bool key_frame = (tag & 1) == 0, shown = ((tag >> 4) & 1) != 0;
    if (!key_frame || ((tag >> 1) & 7) > 3 || !shown || (tag >> 5) > p.size() - 10) return std::nullopt;
    if (byte(p, 3) != 0x9D || byte(p, 4) != 0x01 || byte(p, 5) != 0x2A) return std::nullopt;
    return Size{le16(p, 6) & 0x3FFF, le16(p, 8) & 0x3FFF};
}

// A lossless image (RFC 9649 3.x): signature 0x2F, 14-bit width-1 and height-1, version 0.
std::optional<Size> vp8l_size(std::string_view p) {
    if (p.size() < 5 || byte(p, 0) != 0x2F) return std::nullopt;
    std::uint32_t bits = le32(p, 1);
    if ((bits >> 29) != 0) return std::nullopt;
    return Size{(bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
}

ImageCheck check_webp(std::string_view b) {
    if (b.size() < 12 || b.substr(0, 4) != "RIFF" || b.substr(8, 4) != "WEBP")
        return refuse(Msg("api.image.webp_signature"));
    if (static_cast<std::uint64_t>(le32(b, 4)) + 8 != b.size())
        return refuse(Msg("api.image.webp_riff_size"));
    std::size_t pos = 12;
    std::optional<Size> canvas, image;
    bool extended = false, first = true;
    int images = 0;
    while (pos < b.size()) {
        if (b.size() - pos < 8) return refuse(Msg("api.image.webp_truncated"));
        auto fourcc = b.substr(pos, 4);
        std::uint32_t length = le32(b, pos + 4);
        std::uint64_t padded = static_cast<std::uint64_t>(length) + (length & 1);
        if (padded > b.size() - pos - 8) return refuse(Msg("api.image.webp_chunk_too_long"));
        auto payload = b.substr(pos + 8, length);
        pos += 8 + static_cast<std::size_t>(padded);
        if (first) {
            first = false;
            if (fourcc == "VP8X") {
                if (length < 10) return refuse(Msg("api.image.webp_vp8x_short"));
                if ((byte(payload, 0) & 0x02) != 0) return refuse(Msg("api.image.webp_animated"));
                extended = true;
                canvas = Size{le24(payload, 4) + 1, le24(payload, 7) + 1};
                continue;
            }
        } else if (!extended) {
            return refuse(Msg("api.image.webp_simple"));
        }
        if (fourcc == "VP8 " || fourcc == "VP8L") {
            image = fourcc == "VP8 " ? vp8_size(payload) : vp8l_size(payload);
            if (!image) return refuse(Msg("api.image.webp_header", {{"chunk", std::string(fourcc)}}));
            ++images;
        } else if (fourcc == "ANIM" || fourcc == "ANMF") {
            return refuse(Msg("api.image.webp_animated"));
        } else if (!extended) {
            return refuse(Msg("api.image.webp_first_chunk"));
        }
        // In the extended format, ICCP, ALPH, EXIF, XMP and unknown chunks are metadata (skipped).
    }
    if (images != 1) return refuse(Msg("api.image.webp_one_image"));
    if (canvas && (canvas->width != image->width || canvas->height != image->height))
        return refuse(Msg("api.image.webp_canvas"));
    return sized(ImageType::webp, image->width, image->height);
}

std::optional<ImageType> sniff(std::string_view b) {
    if (b.starts_with(kPngSignature)) return ImageType::png;
    if (b.size() >= 3 && byte(b, 0) == 0xFF && byte(b, 1) == 0xD8 && byte(b, 2) == 0xFF) return ImageType::jpeg;
    if (b.size() >= 12 && b.starts_with("RIFF") && b.substr(8, 4) == "WEBP") return ImageType::webp;
    return std::nullopt;
}

std::string_view name_of(ImageType t) { return t == ImageType::png ? "PNG" : t == ImageType::jpeg ? "JPEG" : "WebP"; }

}  // namespace

std::optional<ImageType> image_type_of(std::string_view content_type) {
    auto semicolon = content_type.find(';');
    auto essence = content_type.substr(0, semicolon);
    while (!essence.empty() && (essence.back() == ' ' || essence.back() == '\t')) essence.remove_suffix(1);
    while (!essence.empty() && (essence.front() == ' ' || essence.front() == '\t')) essence.remove_prefix(1);
    std::string lower(essence);
    for (auto& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (lower == "image/png") return ImageType::png;
    if (lower == "image/jpeg") return ImageType::jpeg;
    if (lower == "image/webp") return ImageType::webp;
    return std::nullopt;
}

std::string_view media_type_of(ImageType type) {
    return type == ImageType::png ? "image/png" : type == ImageType::jpeg ? "image/jpeg" : "image/webp";
}

ImageCheck check_image(std::string_view bytes, ImageType declared) {
    // The bytes say what they are: a mismatch gets its own message rather than a parse error.
    if (auto actual = sniff(bytes); actual && *actual != declared)
        return refuse(Msg("api.image.type_mismatch", {{"actual", std::string(name_of(*actual))},
                                                      {"declared", std::string(name_of(declared))}}));
    switch (declared) {
        case ImageType::png:
            return check_png(bytes);
        case ImageType::jpeg:
            return check_jpeg(bytes);
        case ImageType::webp:
            return check_webp(bytes);
    }
    return refuse(Msg("api.image.unknown_type"));
}

}  // namespace rapidtrade::catalog
