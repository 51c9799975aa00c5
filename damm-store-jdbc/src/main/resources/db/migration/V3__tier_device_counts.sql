-- Device counts per (tier, state), kept in 16 stripes by JdbcDevices on every insert and every
-- update that moves a device between tiers or states. The session-limit check then sums at most
-- 16 rows instead of counting a tier's devices (which grows with the fleet), and concurrent
-- enrollments into one tier update different stripes instead of queueing on one counter row.
-- A stripe may go negative (a decrement can land on another stripe than the increment); only
-- the sum means anything.
CREATE TABLE tier_device_counts (
    tier_id VARCHAR(64) NOT NULL,
    state   VARCHAR(16) NOT NULL,
    stripe  SMALLINT    NOT NULL,
    n       BIGINT      NOT NULL,
    CONSTRAINT tier_device_counts_pk PRIMARY KEY (tier_id, state, stripe)
);

-- Databases created before this migration start with their current counts in stripe 0.
INSERT INTO tier_device_counts (tier_id, state, stripe, n)
    SELECT tier_id, state, 0, count(*) FROM devices GROUP BY tier_id, state;
