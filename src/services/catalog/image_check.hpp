#pragma once
// Whether an uploaded product photo really is the PNG, JPEG or WebP its Content-Type says: the
// container is walked (PNG chunks with their CRCs, JPEG markers up to EOI, WebP RIFF chunks) with
// every length checked against what is left, and the dimensions read from the header. The pixels
// are not decoded (the browser does that); what is refused is anything that is not, from its first
// byte to its last, one well-formed image of the declared type: truncated files, trailing data
// (an HTML or ZIP file glued after the image), a type that lies, absurd dimensions.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/errors.hpp"

namespace rapidtrade::catalog {

enum class ImageType { png, jpeg, webp };

// Each side from 1 to kMaxImageSide pixels, and at most kMaxImagePixels in all (a 100-megapixel
// picture would cost a browser 400 MB to show; a phone's 48 MP photo passes).
constexpr std::uint32_t kMaxImageSide = 10000;
constexpr std::uint64_t kMaxImagePixels = 50'000'000;

// The largest photo the catalogue takes (PUT /apis/products/{id}/image's own body limit).
constexpr std::size_t kMaxPhotoBytes = 5 << 20;

struct ImageInfo {
    ImageType type = ImageType::png;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};

// What the bytes were checked to be, or why they were refused (a message for the client).
struct ImageCheck {
    std::optional<ImageInfo> info;
    std::optional<platform::Msg> problem{};
};

// "image/png", "image/jpeg", "image/webp" (any case, parameters ignored); nullopt for anything else.
std::optional<ImageType> image_type_of(std::string_view content_type);
std::string_view media_type_of(ImageType type);

// Checks `bytes` as an image of `declared` type.
ImageCheck check_image(std::string_view bytes, ImageType declared);

}  // namespace rapidtrade::catalog
