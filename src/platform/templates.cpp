#include "platform/templates.hpp"

#include <map>
#include <memory>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "platform/i18n/messages.hpp"

namespace rapidtrade::platform {

namespace {

void append_escaped(std::string& out, std::string_view text, bool html) {
    for (char c : text) {
        if (!html) out += c;
        else if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '"') out += "&quot;";
        else out += c;
    }
}

// A message's text for a template: escaped, its {slot}s turned into Mustache values.
void append_message(std::string& out, std::string_view text, bool html) {
    for (std::size_t i = 0; i < text.size();) {
        auto open = text.find('{', i);
        auto close = open == std::string_view::npos ? open : text.find('}', open);
        if (close == std::string_view::npos) {
            append_escaped(out, text.substr(i), html);
            break;
        }
        append_escaped(out, text.substr(i, open - i), html);
        out += html ? "{{" : "{{{";
        out += text.substr(open + 1, close - open - 1);
        out += html ? "}}" : "}}}";
        i = close + 1;
    }
}

}  // namespace

std::string translate_template(std::string_view text, i18n::Language language, bool html) {
    std::string out;
    out.reserve(text.size() + text.size() / 4);
    for (std::size_t i = 0; i < text.size();) {
        auto open = text.find("{{@", i);
        if (open == std::string_view::npos) {
            out += text.substr(i);
            break;
        }
        auto close = text.find("}}", open);
        if (close == std::string_view::npos) throw std::logic_error("unclosed {{@ in a template");
        out += text.substr(i, open - i);
        std::string_view key = text.substr(open + 3, close - open - 3);
        append_message(out, i18n::message(language, key), html);
        i = close + 2;
    }
    return out;
}

kainjow::mustache::mustache& embedded_template(std::span<const EmbeddedFile> files, const std::string& path,
                                               TemplateOptions options) {
    // Keyed by the file set too: the frontend and the checkout each embed their own templates/.
    thread_local std::map<std::tuple<const EmbeddedFile*, std::string, i18n::Language>,
                          std::unique_ptr<kainjow::mustache::mustache>>
        cache;
    auto& slot = cache[{files.data(), path, options.language}];
    if (!slot) {
        auto found = find_embedded(files, path);
        if (!found) throw std::logic_error("no template " + path);
        std::string text = translate_template(*found, options.language, options.html);
        slot = std::make_unique<kainjow::mustache::mustache>(options.rewrite ? options.rewrite(text) : text);
        if (!slot->is_valid()) throw std::logic_error("template " + path + ": " + slot->error_message());
        if (auto* escape = options.escape) slot->set_custom_escape([escape](const std::string& s) { return escape(s); });
    }
    return *slot;
}

}  // namespace rapidtrade::platform
