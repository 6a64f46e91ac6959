#pragma once
// E-mails rendered from Mustache templates compiled into the binary, like the pages: each e-mail is
// templates/<name>.txt.mustache (the plain-text part: values in triple braces, nothing is HTML)
// and templates/<name>.html.mustache (every value in double braces, escaped for HTML). The HTML
// template's line breaks and the indentation after them are layout only: the part is sent as one
// line. Used by the checkout (confirmation, shipped, delivered, cancelled) and auth (password reset).
// Their texts are messages of src/messages/<language>/email.json written {{@key}} in the templates
// (platform/templates.hpp): each e-mail is rendered in the language of its reader.
#include <span>
#include <string>

#include <kainjow/mustache.hpp>

#include "platform/embedded.hpp"
#include "platform/i18n/language.hpp"

namespace rapidtrade::platform {

struct EmailContent {
    std::string subject;
    std::string text;
    std::string html;
};

// The e-mail `name` among `files` in `language` (its messages; {{lang}} is its code, for <html
// lang>), rendered with `values` and the subject (as {{subject}}). Values in the HTML part are
// escaped with &#39; for ', not Mustache's &apos;, which is not HTML 4: some mail clients read the
// HTML part as HTML 4 and would show "&apos;" as is. The plain-text part's messages are not escaped.
EmailContent render_email(std::span<const EmbeddedFile> files, const std::string& name, i18n::Language language,
                          std::string subject, kainjow::mustache::data values);

}  // namespace rapidtrade::platform
