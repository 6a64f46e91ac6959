#pragma once
// Mustache templates compiled into the binary (embedded.hpp): the web shop's pages and the
// services' e-mails. Rendering a kainjow template is not thread-safe, so each thread compiles each
// template once and keeps it.
#include <span>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "platform/embedded.hpp"
#include "platform/i18n/language.hpp"

namespace rapidtrade::platform {

struct TemplateOptions {
    // Applied to the file's text before compiling (e.g. dropping layout-only line breaks); none if null.
    std::string (*rewrite)(std::string_view text) = nullptr;
    // Replaces Mustache's own HTML escaping of {{ }} values; Mustache's if null.
    std::string (*escape)(std::string_view value) = nullptr;
    // The language of the messages written {{@key}} in the template (see translate_template).
    i18n::Language language = i18n::kDefaultLanguage;
    // How the messages are inserted: escaped for HTML (pages, the HTML part of an e-mail), or as
    // they are (the plain-text part of an e-mail).
    bool html = true;
};

// A template's text with every {{@key}} replaced by the message `key` of `language`
// (platform/i18n/messages.hpp), done once when the template is compiled, so a page in English costs
// what a page in French does. The message's own text is escaped for HTML if `html`; its slots
// "{name}" become Mustache values ({{name}}, escaped at render; {{{name}}} in plain text). An
// unknown key throws std::logic_error, like a template that does not compile.
std::string translate_template(std::string_view text, i18n::Language language, bool html);

// The template at `path` among `files`, translated into `options.language` and compiled for this
// thread with `options` (the same options every time for one path and language). Throws std::logic_error if it is missing or does not compile: a bug
// of the build, not of a request.
kainjow::mustache::mustache& embedded_template(std::span<const EmbeddedFile> files, const std::string& path,
                                               TemplateOptions options = {});

}  // namespace rapidtrade::platform
