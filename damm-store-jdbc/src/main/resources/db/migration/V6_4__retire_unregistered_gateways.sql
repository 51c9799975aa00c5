-- A gateway that never registered (its registration token unused, leaked or expired) can be
-- retired: it then has no public key, like a provisioned one.
ALTER TABLE gateways DROP CONSTRAINT gateways_key_ck;
ALTER TABLE gateways ADD CONSTRAINT gateways_key_ck CHECK (status IN ('PROVISIONED', 'RETIRED') OR public_key IS NOT NULL);
