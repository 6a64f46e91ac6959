#pragma once
// Shipments: one per order, with its tracking id.
#include <optional>
#include <string>

#include "platform/db/database.hpp"
#include "services/shipping/model.hpp"

namespace rapidtrade::shipping {

class ShipmentStore {
public:
    explicit ShipmentStore(platform::db::Database& db) : db_(db) {}

    // Stores `s` with its label created and answers it as stored; throws
    // platform::db::ConstraintViolation when its order (or tracking id) has a shipment already.
    Shipment create(const Shipment& s);
    std::optional<Shipment> of_order(const std::string& order_reference);
    std::optional<Shipment> find(const std::string& tracking_id);

private:
    platform::db::Database& db_;
};

}  // namespace rapidtrade::shipping
