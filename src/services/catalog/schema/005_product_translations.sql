-- The shop in English too (issue 17): a product's name and description in another language than
-- French (the products row), one row per product and language ("en" today; the service checks
-- the language). A NULL text means "none in this language": the shop shows the French one. Gone
-- with its product.
CREATE TABLE product_translations (
    product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    name TEXT,
    description TEXT,
    PRIMARY KEY (product_id, language)
);
