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

EmailContent render_email(std::span<const EmbeddedFile> files, const std::string& name, std::string subject,
                          kainjow::mustache::data values) {
    EmailContent e;
    e.subject = std::move(subject);
    values.set("subject", e.subject);
    e.text = embedded_template(files, "templates/" + name + ".txt.mustache").render(values);
    e.html = embedded_template(files, "templates/" + name + ".html.mustache", TemplateOptions{without_layout, html_escape})
                 .render(values);
    return e;
}

}  // namespace rapidtrade::platform
