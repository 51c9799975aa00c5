-- The enrollment write as one PostgreSQL function (JdbcStore.enroll): one round trip and one
-- commit for a whole batch of concurrent enrollments instead of a dozen statements each.
-- PostgreSQL only, hence its own location: H2 has no PL/pgSQL, and an H2 file serves one process,
-- where the same rules run as repository calls (core.store.Enrollments). The two must agree
-- outcome for outcome; the store contract tests run both.
--
-- Items are processed in order, each seeing the writes of the ones before it. Per item: redeem
-- the pass, then check tier, session limit, public key, gateway and addresses in the order of
-- core.store.EnrollmentWrite; the first rule broken is the item's outcome and its writes so far
-- are undone by hand (an exception block per item would cost a subtransaction each). A unique
-- violation can only come from a race with another transaction; it aborts the whole statement
-- and JdbcStore re-runs the items one by one.

-- Passes are updated once (used_at, used_by): room on the page keeps that update HOT, so the
-- pass's two indexes are not written again.
ALTER TABLE install_passes SET (fillfactor = 50);

CREATE FUNCTION damm_enroll(
    p_pass_hash   bytea[],
    p_id          text[],
    p_name        text[],
    p_public_key  bytea[],
    p_credential  bytea[],
    p_addresses   text[],
    p_gateway     text[],
    p_front_door  text[],
    p_egress      text[],
    p_q_egress    text[],
    p_tier        text[],
    p_region      text[],
    p_exit        text[],
    p_state       text[],
    p_suspension  text[],
    p_rx          bigint[],
    p_tx          bigint[],
    p_trust_root  bigint[],
    p_created     timestamptz[],
    p_updated     timestamptz[],
    p_hb_since    timestamptz[], -- the gateway's last heartbeat must be at or after this
    p_hb_before   timestamptz[], -- and before this (Gateway.acceptsPlacements)
    p_reusable    timestamptz[], -- a released lease is free if released at or before this
    p_claim_item  int[],         -- address claims: item index, pool, offset
    p_claim_pool  text[],
    p_claim_off   bigint[],
    p_au_actor    text[],
    p_au_action   text[],
    p_au_target   text[],
    p_au_before   text[],
    p_au_after    text[],
    p_stripe      int)           -- tier_device_counts stripe for the whole batch: one row lock per batch
RETURNS TABLE (item int, outcome text, expires_at timestamptz, session_limit int, claim int)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    i int;
    j int;
    k int;
    v_now timestamptz;
    v_pass text;
    v_ptier text;
    v_used timestamptz;
    v_expires timestamptz;
    v_active boolean;
    v_limit int;
    v_count bigint;
    v_key_taken boolean;
    v_gateway_ok boolean;
    v_claims int[];
    v_mine int[];        -- claims of this item inserted (1) or taken over (2)
    v_old_dev text[];
    v_old_claimed timestamptz[];
    v_old_released timestamptz[];
    v_l_dev text;
    v_l_claimed timestamptz;
    v_l_released timestamptz;
BEGIN
    FOR i IN 1 .. coalesce(cardinality(p_id), 0) LOOP
        item := i;
        outcome := NULL;
        expires_at := NULL;
        session_limit := NULL;
        claim := NULL;
        v_now := p_created[i];
        -- Redeem first: racing redemptions of one pass queue on its row, and the losers see it used.
        UPDATE install_passes p SET used_at = v_now, used_by = p_id[i]
            WHERE p.secret_hash = p_pass_hash[i] AND p.tier_id = p_tier[i] AND p.used_at IS NULL AND p.expires_at > v_now
            RETURNING p.id INTO v_pass;
        IF NOT FOUND THEN
            SELECT p.tier_id, p.used_at, p.expires_at INTO v_ptier, v_used, v_expires
                FROM install_passes p WHERE p.secret_hash = p_pass_hash[i];
            IF NOT FOUND OR v_ptier <> p_tier[i] THEN
                outcome := 'PASS_UNKNOWN';
            ELSIF v_used IS NOT NULL THEN
                outcome := 'PASS_USED';
            ELSE
                outcome := 'PASS_EXPIRED';
                expires_at := v_expires;
            END IF;
            RETURN NEXT;
            CONTINUE;
        END IF;

        SELECT t.active, t.session_limit,
               (SELECT coalesce(sum(c.n), 0) FROM tier_device_counts c WHERE c.tier_id = t.id AND c.state = 'ACTIVE'),
               EXISTS (SELECT 1 FROM devices d WHERE d.public_key = p_public_key[i]),
               EXISTS (SELECT 1 FROM gateways g WHERE g.id = p_gateway[i] AND g.status = 'ACTIVE'
                       AND g.last_heartbeat_at >= p_hb_since[i] AND g.last_heartbeat_at < p_hb_before[i])
            INTO v_active, v_limit, v_count, v_key_taken, v_gateway_ok
            FROM access_tiers t WHERE t.id = p_tier[i];
        IF NOT FOUND THEN
            outcome := 'TIER_MISSING';
        ELSIF v_active AND v_count >= v_limit THEN
            outcome := 'SESSION_LIMIT';
            session_limit := v_limit;
        ELSIF v_key_taken THEN
            outcome := 'PUBLIC_KEY_TAKEN';
        ELSIF NOT v_gateway_ok THEN
            outcome := 'GATEWAY_UNAVAILABLE';
        ELSE
            v_claims := ARRAY[]::int[];
            v_mine := ARRAY[]::int[];
            v_old_dev := ARRAY[]::text[];
            v_old_claimed := ARRAY[]::timestamptz[];
            v_old_released := ARRAY[]::timestamptz[];
            FOR j IN 1 .. coalesce(cardinality(p_claim_item), 0) LOOP
                CONTINUE WHEN p_claim_item[j] <> i;
                INSERT INTO address_leases (pool_id, addr_offset, device_id, claimed_at, released_at)
                    VALUES (p_claim_pool[j], p_claim_off[j], p_id[i], v_now, NULL) ON CONFLICT DO NOTHING;
                IF FOUND THEN
                    v_claims := v_claims || j;
                    v_mine := v_mine || 1;
                    v_old_dev := v_old_dev || NULL::text;
                    v_old_claimed := v_old_claimed || NULL::timestamptz;
                    v_old_released := v_old_released || NULL::timestamptz;
                    CONTINUE;
                END IF;
                SELECT l.device_id, l.claimed_at, l.released_at INTO v_l_dev, v_l_claimed, v_l_released
                    FROM address_leases l WHERE l.pool_id = p_claim_pool[j] AND l.addr_offset = p_claim_off[j] FOR UPDATE;
                IF FOUND AND v_l_released IS NOT NULL AND v_l_released <= p_reusable[i] THEN
                    UPDATE address_leases SET device_id = p_id[i], claimed_at = v_now, released_at = NULL
                        WHERE pool_id = p_claim_pool[j] AND addr_offset = p_claim_off[j];
                    DELETE FROM released_leases WHERE pool_id = p_claim_pool[j] AND addr_offset = p_claim_off[j];
                    v_claims := v_claims || j;
                    v_mine := v_mine || 2;
                    v_old_dev := v_old_dev || v_l_dev;
                    v_old_claimed := v_old_claimed || v_l_claimed;
                    v_old_released := v_old_released || v_l_released;
                    CONTINUE;
                END IF;
                outcome := 'ADDRESS_TAKEN';
                claim := j;
                -- Undo this item's earlier claims.
                FOR k IN 1 .. coalesce(cardinality(v_claims), 0) LOOP
                    IF v_mine[k] = 1 THEN
                        DELETE FROM address_leases WHERE pool_id = p_claim_pool[v_claims[k]] AND addr_offset = p_claim_off[v_claims[k]];
                    ELSE
                        UPDATE address_leases SET device_id = v_old_dev[k], claimed_at = v_old_claimed[k], released_at = v_old_released[k]
                            WHERE pool_id = p_claim_pool[v_claims[k]] AND addr_offset = p_claim_off[v_claims[k]];
                        INSERT INTO released_leases (pool_id, addr_offset, released_at)
                            VALUES (p_claim_pool[v_claims[k]], p_claim_off[v_claims[k]], v_old_released[k]);
                    END IF;
                END LOOP;
                EXIT;
            END LOOP;
        END IF;

        IF outcome IS NOT NULL THEN
            UPDATE install_passes SET used_at = NULL, used_by = NULL WHERE id = v_pass;
            RETURN NEXT;
            CONTINUE;
        END IF;

        INSERT INTO devices (id, name, public_key, credential_hash, tunnel_addresses, gateway_id, front_door_id, egress_pool_id,
                quarantine_egress_pool_id, tier_id, region, exit_country, state, suspension, rx_bytes, tx_bytes, trust_root_version,
                created_at, updated_at, version)
            VALUES (p_id[i], p_name[i], p_public_key[i], p_credential[i], p_addresses[i], p_gateway[i], p_front_door[i], p_egress[i],
                p_q_egress[i], p_tier[i], p_region[i], p_exit[i], p_state[i], p_suspension[i], p_rx[i], p_tx[i], p_trust_root[i],
                p_created[i], p_updated[i], 0);
        UPDATE tier_device_counts SET n = n + 1 WHERE tier_id = p_tier[i] AND state = p_state[i] AND stripe = p_stripe;
        IF NOT FOUND THEN
            INSERT INTO tier_device_counts (tier_id, state, stripe, n) VALUES (p_tier[i], p_state[i], p_stripe, 1)
                ON CONFLICT (tier_id, state, stripe) DO UPDATE SET n = tier_device_counts.n + 1;
        END IF;
        INSERT INTO audit_events (at, actor, action, target, before_json, after_json)
            VALUES (p_created[i], p_au_actor[i], p_au_action[i], p_au_target[i], p_au_before[i], p_au_after[i]);
        outcome := 'ENROLLED';
        RETURN NEXT;
    END LOOP;
END
$$;
