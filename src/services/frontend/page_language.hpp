#pragma once
// The language a page is written in for this visitor: every text a page's code writes (flash
// messages, field errors, labels, dates, money) is taken in it, so the words around the template's
// own (rendered by Views in the same language) match.
#include "platform/i18n/language.hpp"
#include "services/frontend/session.hpp"

namespace rapidtrade::frontend {

// The session's language: Accept-Language on a first visit, then the FR / EN switch, or the
// customer's profile at log-in (session.hpp).
inline platform::i18n::Language page_language(const Session& session) { return session.language; }

}  // namespace rapidtrade::frontend
