#pragma once
// An order as the pages show it (confirmation, "Mes commandes").
#include <boost/json/object.hpp>

#include "platform/i18n/language.hpp"
#include "services/frontend/views.hpp"

namespace rapidtrade::frontend {

// Dates, money, statuses and (when the catalogue has them) product names in `language`.
mustache::data order_summary(platform::i18n::Language language, const boost::json::object& order);
mustache::data order_details(platform::i18n::Language language, const boost::json::object& order);
// In French: the back-office (its own pages are French for now).
inline mustache::data order_summary(const boost::json::object& order) {
    return order_summary(platform::i18n::Language::fr, order);
}
inline mustache::data order_details(const boost::json::object& order) {
    return order_details(platform::i18n::Language::fr, order);
}

}  // namespace rapidtrade::frontend
