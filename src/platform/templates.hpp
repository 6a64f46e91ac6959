#pragma once
// Mustache templates compiled into the binary (embedded.hpp): the web shop's pages and the
// services' e-mails. Rendering a kainjow template is not thread-safe, so each thread compiles each
// template once and keeps it.
#include <span>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "platform/embedded.hpp"

namespace rapidtrade::platform {

struct TemplateOptions {
    // Applied to the file's text before compiling (e.g. dropping layout-only line breaks); none if null.
    std::string (*rewrite)(std::string_view text) = nullptr;
    // Replaces Mustache's own HTML escaping of {{ }} values; Mustache's if null.
    std::string (*escape)(std::string_view value) = nullptr;
};

// The template at `path` among `files`, compiled for this thread with `options` (the same options
// every time for one path). Throws std::logic_error if it is missing or does not compile: a bug
// of the build, not of a request.
kainjow::mustache::mustache& embedded_template(std::span<const EmbeddedFile> files, const std::string& path,
                                               TemplateOptions options = {});

}  // namespace rapidtrade::platform
