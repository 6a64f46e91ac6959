// catalog::check_image on arbitrary bytes, the first byte choosing the declared type (PNG, JPEG,
// WebP). Invariants beyond "no crash, no read out of bounds": an accepted image has the declared
// type's signature, sides from 1 to kMaxImageSide and at most kMaxImagePixels; the same bytes are
// accepted under no other type; one byte more or one byte less is refused (nothing may follow
// the image, and a truncated image never passes).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "services/catalog/image_check.hpp"

using namespace rapidtrade::catalog;

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "image_check_fuzz invariant broken: %s\n", what);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const ImageType types[] = {ImageType::png, ImageType::jpeg, ImageType::webp};
    ImageType declared = types[data[0] % 3];
    std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    auto r = check_image(bytes, declared);
    if (!r.info) {
        // The reason must be a message of the catalogue, sayable in every language (a missing key
        // throws, which libFuzzer reports as a crash).
        if (!r.problem || r.problem->in(rapidtrade::platform::i18n::Language::fr).empty() ||
            r.problem->in(rapidtrade::platform::i18n::Language::en).empty())
            fail("refused without a reason");
        return 0;
    }
    if (r.problem) fail("accepted with a problem");
    if (r.info->type != declared) fail("accepted as another type");
    if (r.info->width < 1 || r.info->height < 1 || r.info->width > kMaxImageSide || r.info->height > kMaxImageSide)
        fail("a side out of range");
    if (static_cast<std::uint64_t>(r.info->width) * r.info->height > kMaxImagePixels) fail("too many pixels");
    std::string_view v(bytes);
    if (declared == ImageType::png && !v.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8)))
        fail("a PNG without its signature");
    if (declared == ImageType::jpeg && !v.starts_with("\xFF\xD8")) fail("a JPEG without SOI");
    if (declared == ImageType::webp && (!v.starts_with("RIFF") || v.substr(8, 4) != "WEBP"))
        fail("a WebP without RIFF WEBP");
    for (auto other : types)
        if (other != declared && check_image(bytes, other).info) fail("accepted under two types");
    if (check_image(bytes + '\0', declared).info || check_image(bytes + "<html>", declared).info)
        fail("accepted with bytes after the image");
    if (check_image(v.substr(0, v.size() - 1), declared).info) fail("accepted truncated by one byte");
    return 0;
}
