-- damm_enroll_unrefused: the enrollment write for a batch in which nothing is refused, which is
-- nearly every batch (EnrollmentService checks every rule before it writes; a write is refused
-- only when a concurrent one got there first). Same arguments as damm_enroll (V4_1, V4_2).
--
-- It decides nothing. It reads what no constraint can hold (the tier exists and has room for the
-- whole batch; each gateway accepts placements), then writes, letting the database refuse:
-- the pass by a conditional UPDATE that must redeem every item's pass (unused, unexpired, of the
-- item's tier), addresses and keys by their unique keys. If anything is refused, or could be
-- (the tier too full for the whole batch), it raises ZD001 or the constraint raises 23505; the
-- statement (its own transaction) is then rolled back whole, and JdbcStore runs the batch through
-- damm_enroll, which decides every item's outcome. So it commits only what damm_enroll would
-- have committed, item for item; outcomes, and their order of precedence, stay damm_enroll's.
--
-- Why a second function: on a batch that goes through, it costs about two thirds of damm_enroll's
-- server CPU, less still for small batches (EnrollmentWriteCost: batch of 1, 293 against 481 us;
-- batch of 8, 95 against 130 us per enrollment). A refused batch pays both.
--
-- Every probe is bounded by the batch's own keys (LATERAL ... LIMIT 1, = ANY), whatever the
-- statistics were when the plan was made (see V4_2).

CREATE FUNCTION damm_enroll_unrefused(
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
    p_hb_since    timestamptz[],
    p_hb_before   timestamptz[],
    p_reusable    timestamptz[], -- unused: a lease row that exists at all sends the batch to damm_enroll
    p_claim_item  int[],
    p_claim_pool  text[],
    p_claim_off   bigint[],
    p_au_actor    text[],
    p_au_action   text[],
    p_au_target   text[],
    p_au_before   text[],
    p_au_after    text[],
    p_stripe      int)
RETURNS int
-- As damm_enroll: plans made once per connection, index probes only.
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
SET enable_hashjoin = off
SET enable_mergejoin = off
LANGUAGE plpgsql AS $$
DECLARE
    n int := cardinality(p_id);
    redeemed int;
BEGIN
    IF EXISTS (
        SELECT 1
        FROM unnest(p_tier, p_gateway, p_hb_since, p_hb_before) AS u(tier, gw, hs, hb)
        LEFT JOIN LATERAL (SELECT t.id, t.active, t.session_limit FROM access_tiers t WHERE t.id = u.tier LIMIT 1) t ON true
        LEFT JOIN LATERAL (SELECT true AS ok FROM gateways g WHERE g.id = u.gw AND g.status = 'ACTIVE'
                           AND g.last_heartbeat_at >= u.hs AND g.last_heartbeat_at < u.hb LIMIT 1) g ON true
        WHERE t.id IS NULL OR g.ok IS NULL
           OR (t.active AND (SELECT coalesce(sum(tc.n), 0) FROM tier_device_counts tc WHERE tc.tier_id = t.id AND tc.state = 'ACTIVE')
                            + (SELECT count(*) FROM unnest(p_tier) AS x(tier) WHERE x.tier = t.id) > t.session_limit)) THEN
        RAISE EXCEPTION 'enrollment batch needs the full check (tier, session limit or gateway)' USING ERRCODE = 'ZD001';
    END IF;
    UPDATE install_passes p SET used_at = u.at, used_by = u.dev
        FROM unnest(p_pass_hash, p_id, p_tier, p_created) AS u(h, dev, tier, at)
        WHERE p.secret_hash = ANY (p_pass_hash) AND p.secret_hash = u.h
          AND p.tier_id = u.tier AND p.used_at IS NULL AND p.expires_at > u.at;
    GET DIAGNOSTICS redeemed = ROW_COUNT;
    IF redeemed <> n THEN
        -- A pass unknown, used, expired or of another tier, or one pass twice in the batch.
        RAISE EXCEPTION 'enrollment batch needs the full check (pass)' USING ERRCODE = 'ZD001';
    END IF;
    INSERT INTO address_leases (pool_id, addr_offset, device_id, claimed_at, released_at)
        SELECT c.pool, c.off, p_id[c.it], p_created[c.it], NULL
        FROM unnest(p_claim_item, p_claim_pool, p_claim_off) AS c(it, pool, off);
    INSERT INTO devices (id, name, public_key, credential_hash, tunnel_addresses, gateway_id, front_door_id, egress_pool_id,
            quarantine_egress_pool_id, tier_id, region, exit_country, state, suspension, rx_bytes, tx_bytes, trust_root_version,
            created_at, updated_at, version)
        SELECT d.*, 0 FROM unnest(p_id, p_name, p_public_key, p_credential, p_addresses, p_gateway, p_front_door, p_egress, p_q_egress,
            p_tier, p_region, p_exit, p_state, p_suspension, p_rx, p_tx, p_trust_root, p_created, p_updated) AS d;
    INSERT INTO tier_device_counts AS tc (tier_id, state, stripe, n)
        SELECT u.tier, u.state, p_stripe, count(*) FROM unnest(p_tier, p_state) AS u(tier, state) GROUP BY u.tier, u.state
        ON CONFLICT (tier_id, state, stripe) DO UPDATE SET n = tc.n + EXCLUDED.n;
    INSERT INTO audit_events (at, actor, action, target, before_json, after_json)
        SELECT a.at, a.actor, a.action, a.target, a.b, a.af
        FROM unnest(p_created, p_au_actor, p_au_action, p_au_target, p_au_before, p_au_after) WITH ORDINALITY AS a(at, actor, action, target, b, af, i)
        ORDER BY a.i;
    RETURN n;
END
$$;
