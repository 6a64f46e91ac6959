#pragma once
// The back-office's navigation and history partials, in a language (pages/admin_nav.cpp): what
// admin_page adds to every back-office page, declared here for the tests that render one.
#include <string_view>

#include <kainjow/mustache.hpp>

#include "platform/i18n/language.hpp"

namespace rapidtrade::frontend {

// Sets `nav_items` (the sections, `section` marked current, "Comptes équipe" only if `admin`) and
// the partials admin_nav and admin_history, their {{@key}} messages in `language`.
void set_admin_navigation(kainjow::mustache::data& data, platform::i18n::Language language, std::string_view section,
                          bool admin);

}  // namespace rapidtrade::frontend
