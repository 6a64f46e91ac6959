#pragma once
// The back-office's texts that its code writes rather than its templates (src/messages/<lang>/
// admin.json, keys admin.*): what each history says of an entry, in the page's language
// (services/frontend/page_language.hpp); an order's status is services/frontend/order_status.hpp's.
// Declared here so the unit tests can read them in every language (tests/unit/admin_texts_test.cpp).
#include <string>

#include <boost/json/object.hpp>

#include "platform/i18n/language.hpp"

namespace rapidtrade::frontend {

using platform::i18n::Language;

// What one entry of a history says (GET .../history: {at, event, actor, staff, details}); an
// unknown event is shown as its code. Defined next to each page.
std::string order_event_label(Language language, const boost::json::object& entry);    // admin_pages.cpp
std::string order_event_details(Language language, const boost::json::object& entry);  // admin_pages.cpp
std::string customer_event(Language language, const boost::json::object& entry);       // admin_customer_pages.cpp
std::string category_event(Language language, const boost::json::object& entry);       // admin_category_pages.cpp
std::string product_event(Language language, const boost::json::object& entry);        // admin_product_history.cpp

}  // namespace rapidtrade::frontend
