#pragma once
// A file compiled into the binary by cmake/EmbedFiles.cmake (seed data, images, templates).
#include <optional>
#include <span>
#include <string_view>

namespace rapidtrade::platform {

struct EmbeddedFile {
    std::string_view path;  // relative to the directory given to embed_files()
    std::string_view bytes;
};

inline std::optional<std::string_view> find_embedded(std::span<const EmbeddedFile> files, std::string_view path) {
    for (const auto& f : files)
        if (f.path == path) return f.bytes;
    return std::nullopt;
}

}  // namespace rapidtrade::platform
