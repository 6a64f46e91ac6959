-- The shipping service's SQL, written once for SQLite and PostgreSQL: $1, $2... are bound at run time,
-- never formatted in. Each "-- name:" becomes a constant of services/shipping/sql.hpp (tools/codegen), the
-- comment lines just above it its comment. A fragment (no SELECT, INSERT...) is one fixed piece the
-- store puts together with others; only such pieces and $n numbers ever go into the text.
-- A shipment's columns come in the order store.cpp's shipment_from reads them.

-- A new shipment is created with its label: status label_created.
-- name: kInsertShipment
INSERT INTO shipments (tracking_id, order_reference, service, country, cost_cents, status, created_at)
    VALUES ($1, $2, $3, $4, $5, 'label_created', $6)
    RETURNING tracking_id, order_reference, service, country, cost_cents, status, created_at;

-- name: kShipmentOfOrder
SELECT tracking_id, order_reference, service, country, cost_cents, status, created_at FROM shipments
    WHERE order_reference = $1;

-- name: kShipment
SELECT tracking_id, order_reference, service, country, cost_cents, status, created_at FROM shipments
    WHERE tracking_id = $1;
