-- A gateway's registration token is now one-time and has a lifetime, and registering with it issues
-- a separate gateway credential that every later call presents. Only SHA-256 hashes are stored.
--   token_expires_at: when the registration token stops working (NULL for tokens issued before this
--                     migration: they keep working until spent, so a gateway provisioned earlier
--                     registers once more to get its credential);
--   token_spent_at:   when the token was exchanged for a credential (NULL while unspent);
--   credential_hash:  the gateway credential's hash (NULL until the gateway registers).
ALTER TABLE gateways ADD COLUMN token_expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE gateways ADD COLUMN token_spent_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE gateways ADD COLUMN credential_hash BYTEA;
ALTER TABLE gateways ADD CONSTRAINT gateways_credential_hash_uq UNIQUE (credential_hash);
ALTER TABLE gateways ADD CONSTRAINT gateways_credential_ck CHECK (status <> 'PROVISIONED' OR credential_hash IS NULL);
