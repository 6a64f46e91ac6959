#pragma once
// Every statement of the shipping service, bound ($1, $2...), never formatted. A shipment's columns
// come in the order store.cpp's shipment_from reads them.
#include <string_view>

namespace rapidtrade::shipping::sql {

// A new shipment is created with its label: status label_created.
constexpr std::string_view kInsertShipment =
    "INSERT INTO shipments (tracking_id, order_reference, service, country, cost_cents, status, created_at)"
    " VALUES ($1, $2, $3, $4, $5, 'label_created', $6)"
    " RETURNING tracking_id, order_reference, service, country, cost_cents, status, created_at";
constexpr std::string_view kShipmentOfOrder =
    "SELECT tracking_id, order_reference, service, country, cost_cents, status, created_at FROM shipments"
    " WHERE order_reference = $1";
constexpr std::string_view kShipment =
    "SELECT tracking_id, order_reference, service, country, cost_cents, status, created_at FROM shipments"
    " WHERE tracking_id = $1";

}  // namespace rapidtrade::shipping::sql
