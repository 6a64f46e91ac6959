-- Issue 17: the language the customer reads the shop and their e-mails in, "fr" (the default, and
-- every account made before) or "en". Stored on the profile so that it applies on every device: the
-- web shop sets the session's language from it at log-in.
ALTER TABLE customers ADD COLUMN language TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en'));
