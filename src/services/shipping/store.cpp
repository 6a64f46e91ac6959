#include "services/shipping/store.hpp"

#include "services/shipping/sql.hpp"

namespace rapidtrade::shipping {

using platform::db::Row;

namespace {

Shipment shipment_from(const Row& r) { return {r.str(0), r.str(1), r.str(2), r.str(3), r.i64(4), r.str(5), r.str(6)}; }

}  // namespace

Shipment ShipmentStore::create(const Shipment& s) {
    auto created = db_.query(sql::kInsertShipment, s.tracking_id, s.order_reference, s.service, s.country, s.cost_cents,
                             s.created_at);
    return shipment_from(created[0]);
}

std::optional<Shipment> ShipmentStore::of_order(const std::string& order_reference) {
    auto r = db_.query(sql::kShipmentOfOrder, order_reference);
    if (r.empty()) return std::nullopt;
    return shipment_from(r[0]);
}

std::optional<Shipment> ShipmentStore::find(const std::string& tracking_id) {
    auto r = db_.query(sql::kShipment, tracking_id);
    if (r.empty()) return std::nullopt;
    return shipment_from(r[0]);
}

}  // namespace rapidtrade::shipping
