-- Who added and who disabled a staff account (issue 15: every staff action says who did it): the
-- admin's e-mail through the back-office, "ligne de commande" through `rapidtrade staff`. NULL for
-- customers' credentials and for accounts made before this version.
ALTER TABLE credentials ADD COLUMN created_by TEXT;
ALTER TABLE credentials ADD COLUMN disabled_by TEXT;
