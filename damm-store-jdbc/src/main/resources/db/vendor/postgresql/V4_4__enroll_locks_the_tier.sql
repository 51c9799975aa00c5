-- damm_enroll (V4_2) and damm_enroll_unrefused (V4_3) again, each first locking the tiers its
-- batch enrolls into, so that the session limit is exact at READ COMMITTED.
--
-- Why: both functions read a tier's count of active devices and then insert. At READ COMMITTED
-- two statements running at once (two servers' batches, or a batch and an enrollment inside a
-- caller's transaction) each saw the count before the other's devices and could both enroll,
-- overshooting the limit by up to the number of enrollments in flight. Now the first statement
-- of each function takes the tiers' row locks, and the statements after it, with snapshots of
-- their own, see every enrollment committed before the lock was granted. One server runs one
-- batch at a time already, so the lock costs a queue only between servers (or with enrollments
-- written inside callers' transactions, which take the same lock: JdbcAccessTiers.findLocked).
-- Nothing else changes: same signatures, same rules, same outcomes, same plans.

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
    -- Enrollments into one tier take turns from here to their commit, and what follows reads
    -- the tier's count after the turn was granted (each statement of a PL/pgSQL function takes
    -- a new snapshot at READ COMMITTED): so the session limit is exact, never overshot by the
    -- number of enrollments in flight. NO KEY UPDATE does not block the key-share locks of
    -- foreign keys, only other enrollments (and updates) of the tier. Tiers in id order, so
    -- two batches naming the same tiers cannot deadlock on them.
    PERFORM 1 FROM access_tiers t WHERE t.id = ANY (p_tier) ORDER BY t.id FOR NO KEY UPDATE OF t;
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


CREATE OR REPLACE FUNCTION damm_enroll_unrefused(
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
    -- Enrollments into one tier take turns from here to their commit, and what follows reads
    -- the tier's count after the turn was granted (each statement of a PL/pgSQL function takes
    -- a new snapshot at READ COMMITTED): so the session limit is exact, never overshot by the
    -- number of enrollments in flight. NO KEY UPDATE does not block the key-share locks of
    -- foreign keys, only other enrollments (and updates) of the tier. Tiers in id order, so
    -- two batches naming the same tiers cannot deadlock on them.
    PERFORM 1 FROM access_tiers t WHERE t.id = ANY (p_tier) ORDER BY t.id FOR NO KEY UPDATE OF t;
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
