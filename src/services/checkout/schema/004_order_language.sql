-- The shop in English too (issue 17): the language of the order, chosen by whoever placed it
-- ("fr" or "en", checked by the saga), in which every e-mail about it is written. The orders placed
-- before were all in French.
ALTER TABLE orders ADD COLUMN language TEXT NOT NULL DEFAULT 'fr';
