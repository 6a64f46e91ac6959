-- Stock reservations make the checkout's decrement atomic and undoable (compensation); promo
-- codes are reference data of the catalogue (the brief's ViveLeDesign).
CREATE TABLE stock_reservations (
    reservation_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    status TEXT NOT NULL CHECK (status IN ('reserved', 'released')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (reservation_id, product_id)
);
CREATE TABLE promo_codes (
    code_key TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    percent_off BIGINT NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
    requires_login BIGINT NOT NULL DEFAULT 1,
    active BIGINT NOT NULL DEFAULT 1
);
INSERT INTO promo_codes (code_key, code, percent_off, requires_login, active) VALUES ('viveledesign', 'ViveLeDesign', 30, 1, 1);
