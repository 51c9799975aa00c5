-- damm_enroll (V4_1) again, with every probe of a table bounded by the batch's own keys,
-- whatever join order the planner picks.
--
-- Why: the function's plans are generic and cached for the life of a connection (see V4_1), so
-- they are made once, with the statistics of that moment. Made while address_leases was small
-- and freshly analyzed, the lease lock put the whole table on the outer side of its join and
-- read every lease on every call: on a new database, 10 ms per batch of 8 and growing with each
-- enrollment until the next ANALYZE invalidated the plan (EnrollmentWriteCost's first round;
-- PostgresEnrollmentBatchTest.enrollmentProbesStayBoundedWhenThePlanWasMadeOnEmptyTables: 400
-- enrollments read 79,800 lease index entries, n(n-1)/2). Now the lease lock is
-- one correlated probe per claim, and the pass, lease and released-lease writes carry the
-- batch's keys as index conditions (= ANY), which no join order can widen. Nothing else changes:
-- same signature, same rules, same outcomes.

CREATE OR REPLACE FUNCTION damm_enroll(
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
-- Every read here is a handful of index probes driven by the batch's arrays. The planner cannot
-- know how short those arrays are (it guesses a hundred rows) and would otherwise hash-join them
-- against whole tables; and with those plans fixed, planning each statement again on every call
-- (PostgreSQL's choice for statements that read PL/pgSQL variables) would cost more than running it.
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
SET enable_hashjoin = off
SET enable_mergejoin = off
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH u AS (
        SELECT * FROM unnest(p_pass_hash, p_id, p_tier, p_created, p_public_key, p_gateway, p_hb_since, p_hb_before, p_reusable, p_state)
            WITH ORDINALITY AS u(h, dev, tier, at, key, gw, hs, hb, reusable, state, i)),
    -- Locked, so what is read is the latest committed version and stays so until commit.
    locked_pass AS (
        SELECT p.id, p.secret_hash, p.tier_id, p.used_at, p.expires_at
        FROM install_passes p WHERE p.secret_hash = ANY (p_pass_hash)
        FOR UPDATE OF p),
    c AS (
        SELECT * FROM unnest(p_claim_item, p_claim_pool, p_claim_off) WITH ORDINALITY AS c(it, pool, off, j)),
    locked_lease AS (
        SELECT ll.* FROM c CROSS JOIN LATERAL (
            SELECT l.pool_id, l.addr_offset, l.released_at FROM address_leases l
            WHERE l.pool_id = c.pool AND l.addr_offset = c.off
            FOR UPDATE OF l) ll),
    claim AS (
        SELECT c.it, c.pool, c.off, c.j, ll.pool_id IS NOT NULL AS present,
               ll.pool_id IS NOT NULL AND NOT (ll.released_at IS NOT NULL AND ll.released_at <= u.reusable) AS taken,
               count(*) OVER (PARTITION BY c.pool, c.off) > 1 AS shared
        FROM c JOIN u ON u.i = c.it
        LEFT JOIN locked_lease ll ON ll.pool_id = c.pool AND ll.addr_offset = c.off),
    per_item AS (
        SELECT claim.it, min(claim.j) FILTER (WHERE claim.taken) AS taken_j, bool_or(claim.shared) AS shared
        FROM claim GROUP BY claim.it),
    checked AS (
        SELECT u.i, u.h, u.key, u.tier, u.at, lp.id AS pass, lp.expires_at,
               CASE
                   WHEN lp.id IS NULL OR lp.tier_id <> u.tier THEN 'PASS_UNKNOWN'
                   WHEN lp.used_at IS NOT NULL THEN 'PASS_USED'
                   WHEN lp.expires_at <= u.at THEN 'PASS_EXPIRED'
                   WHEN t.id IS NULL THEN 'TIER_MISSING'
                   WHEN t.active AND coalesce(cnt.n, 0) >= t.session_limit THEN 'SESSION_LIMIT'
                   WHEN kd.taken IS NOT NULL THEN 'PUBLIC_KEY_TAKEN'
                   WHEN gw.ok IS NULL THEN 'GATEWAY_UNAVAILABLE'
                   WHEN pi.taken_j IS NOT NULL THEN 'ADDRESS_TAKEN'
               END AS refusal,
               t.session_limit, pi.taken_j, coalesce(pi.shared, false) AS shared_claim,
               t.active AND coalesce(cnt.n, 0) + count(*) OVER (PARTITION BY u.tier ORDER BY u.i) > t.session_limit AS near_limit
        FROM u
        -- LATERAL with LIMIT keeps each probe a correlated index lookup.
        LEFT JOIN LATERAL (SELECT lp.* FROM locked_pass lp WHERE lp.secret_hash = u.h LIMIT 1) lp ON true
        LEFT JOIN access_tiers t ON t.id = u.tier
        LEFT JOIN LATERAL (SELECT sum(tc.n) AS n FROM tier_device_counts tc WHERE tc.tier_id = u.tier AND tc.state = 'ACTIVE') cnt ON true
        LEFT JOIN LATERAL (SELECT true AS taken FROM devices d WHERE d.public_key = u.key LIMIT 1) kd ON true
        LEFT JOIN LATERAL (SELECT true AS ok FROM gateways g WHERE g.id = u.gw AND g.status = 'ACTIVE'
                           AND g.last_heartbeat_at >= u.hs AND g.last_heartbeat_at < u.hb LIMIT 1) gw ON true
        LEFT JOIN per_item pi ON pi.it = u.i),
    decided AS (
        SELECT checked.*,
               CASE
                   WHEN refusal IS NOT NULL THEN refusal
                   WHEN shared_claim OR near_limit
                        OR count(*) OVER (PARTITION BY h) > 1 OR count(*) OVER (PARTITION BY key) > 1 THEN 'RETRY'
                   ELSE 'ENROLLED'
               END AS outcome
        FROM checked),
    redeemed AS (
        UPDATE install_passes p SET used_at = d.at, used_by = p_id[d.i]
        FROM decided d WHERE d.outcome = 'ENROLLED' AND p.id = d.pass
            AND p.secret_hash = ANY (p_pass_hash)
        RETURNING 1),
    leased AS (
        INSERT INTO address_leases (pool_id, addr_offset, device_id, claimed_at, released_at)
            SELECT claim.pool, claim.off, p_id[claim.it], p_created[claim.it], NULL
            FROM claim JOIN decided d ON d.i = claim.it
            WHERE d.outcome = 'ENROLLED' AND NOT claim.present
            RETURNING 1),
    taken_over AS (
        UPDATE address_leases l SET device_id = p_id[claim.it], claimed_at = p_created[claim.it], released_at = NULL
            FROM claim JOIN decided d ON d.i = claim.it
            WHERE d.outcome = 'ENROLLED' AND claim.present AND l.pool_id = claim.pool AND l.addr_offset = claim.off
                AND l.pool_id = ANY (p_claim_pool) AND l.addr_offset = ANY (p_claim_off)
            RETURNING 1),
    unreleased AS (
        DELETE FROM released_leases rl
            USING claim JOIN decided d ON d.i = claim.it
            WHERE d.outcome = 'ENROLLED' AND claim.present AND rl.pool_id = claim.pool AND rl.addr_offset = claim.off
                AND rl.pool_id = ANY (p_claim_pool) AND rl.addr_offset = ANY (p_claim_off)
            RETURNING 1),
    enrolled AS (
        INSERT INTO devices (id, name, public_key, credential_hash, tunnel_addresses, gateway_id, front_door_id, egress_pool_id,
                quarantine_egress_pool_id, tier_id, region, exit_country, state, suspension, rx_bytes, tx_bytes, trust_root_version,
                created_at, updated_at, version)
            SELECT p_id[d.i], p_name[d.i], p_public_key[d.i], p_credential[d.i], p_addresses[d.i], p_gateway[d.i], p_front_door[d.i],
                   p_egress[d.i], p_q_egress[d.i], p_tier[d.i], p_region[d.i], p_exit[d.i], p_state[d.i], p_suspension[d.i],
                   p_rx[d.i], p_tx[d.i], p_trust_root[d.i], p_created[d.i], p_updated[d.i], 0
            FROM decided d WHERE d.outcome = 'ENROLLED'
            RETURNING 1),
    counted AS (
        INSERT INTO tier_device_counts AS tc (tier_id, state, stripe, n)
            SELECT p_tier[d.i], p_state[d.i], p_stripe, count(*)
            FROM decided d WHERE d.outcome = 'ENROLLED'
            GROUP BY p_tier[d.i], p_state[d.i]
            ON CONFLICT (tier_id, state, stripe) DO UPDATE SET n = tc.n + EXCLUDED.n
            RETURNING 1),
    audited AS (
        INSERT INTO audit_events (at, actor, action, target, before_json, after_json)
            SELECT p_created[d.i], p_au_actor[d.i], p_au_action[d.i], p_au_target[d.i], p_au_before[d.i], p_au_after[d.i]
            FROM decided d WHERE d.outcome = 'ENROLLED'
            ORDER BY d.i
            RETURNING 1)
    SELECT d.i::int, d.outcome,
           CASE WHEN d.outcome = 'PASS_EXPIRED' THEN d.expires_at END,
           CASE WHEN d.outcome = 'SESSION_LIMIT' THEN d.session_limit END,
           CASE WHEN d.outcome = 'ADDRESS_TAKEN' THEN d.taken_j::int END
    FROM decided d ORDER BY d.i;
END
$$;

