#pragma once
// The catalogue's history (catalog_events, issue 15): what each write to a product or a category
// records, in the write's own transaction, and an entry's JSON. Amounts are in cents.
#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "platform/history.hpp"
#include "platform/db/database.hpp"
#include "services/catalog/model.hpp"

namespace rapidtrade::catalog {

// What an entry's event says: created, updated, deleted, photo_uploaded (a product);
// category_created, category_renamed, category_deleted (a category).
using CatalogEvent = platform::HistoryEntry;

struct CatalogEventPage {
    std::vector<CatalogEvent> items;
    std::int64_t total = 0;
};

namespace history {

// Writes the entry on the write's connection (inside its transaction).
void record(platform::db::Connection& c, const char* subject_kind, const std::string& subject_id, const char* event,
            const platform::Actor& by, const boost::json::object& details);

// What the details say of each write.
boost::json::object created(const Product& p);
// The fields whose value changed ("changed": [...]), with the old and new price and stock.
boost::json::object updated(const Product& before, const Product& after);
boost::json::object deleted(const Product& p);
boost::json::object photo_uploaded(const ProductPhoto& photo);

}  // namespace history
}  // namespace rapidtrade::catalog
