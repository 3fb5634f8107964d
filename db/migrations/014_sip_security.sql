-- SIP security. Toll-fraud rules: what an extension dials that starts with one of the tenant's
-- international or premium-rate prefixes (comma-separated, as dialled) needs the capability
-- calls.dial.international or calls.dial.premium of the user who owns the extension.
ALTER TABLE tenants ADD COLUMN international_prefixes TEXT NOT NULL DEFAULT '00,+';
ALTER TABLE tenants ADD COLUMN premium_prefixes TEXT NOT NULL DEFAULT '';
-- A public number takes calls from SIP callers that do not authenticate and are no trunk (a
-- hotline's access number for SIP-URI callers); every other number is for extensions and trunks.
ALTER TABLE numbers ADD COLUMN is_public INTEGER NOT NULL DEFAULT 0;
