#include "platform/templates.hpp"

#include <map>
#include <memory>
#include <stdexcept>
#include <utility>

namespace rapidtrade::platform {

kainjow::mustache::mustache& embedded_template(std::span<const EmbeddedFile> files, const std::string& path,
                                               TemplateOptions options) {
    // Keyed by the file set too: the frontend and the checkout each embed their own templates/.
    thread_local std::map<std::pair<const EmbeddedFile*, std::string>, std::unique_ptr<kainjow::mustache::mustache>> cache;
    auto& slot = cache[{files.data(), path}];
    if (!slot) {
        auto text = find_embedded(files, path);
        if (!text) throw std::logic_error("no template " + path);
        slot = std::make_unique<kainjow::mustache::mustache>(options.rewrite ? options.rewrite(*text) : std::string(*text));
        if (!slot->is_valid()) throw std::logic_error("template " + path + ": " + slot->error_message());
        if (auto* escape = options.escape) slot->set_custom_escape([escape](const std::string& s) { return escape(s); });
    }
    return *slot;
}

}  // namespace rapidtrade::platform
