#include "platform/email_templates.hpp"

#include "platform/templates.hpp"
#include "platform/text.hpp"

namespace rapidtrade::platform {
namespace {

// The HTML template's line breaks and the indentation after them are layout only.
std::string without_layout(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n') {
            out += text[i];
            continue;
        }
        while (i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\t')) ++i;
    }
    return out;
}

}  // namespace

EmailContent render_email(std::span<const EmbeddedFile> files, const std::string& name, i18n::Language language,
                          std::string subject, kainjow::mustache::data values) {
    EmailContent e;
    e.subject = std::move(subject);
    values.set("subject", e.subject);
    values.set("lang", std::string(i18n::code(language)));
    TemplateOptions text{.language = language, .html = false};
    TemplateOptions html{.rewrite = without_layout, .escape = html_escape, .language = language, .html = true};
    e.text = embedded_template(files, "templates/" + name + ".txt.mustache", text).render(values);
    e.html = embedded_template(files, "templates/" + name + ".html.mustache", html).render(values);
    return e;
}

}  // namespace rapidtrade::platform
